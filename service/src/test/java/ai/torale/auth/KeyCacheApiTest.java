package ai.torale.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import ai.torale.support.ToraleApp;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Two service processes on one database, each with its key cache: a key revoked through one fails
 * on the very next request to either; a user deleted in the database fails in both as soon as they
 * answer the change.
 */
class KeyCacheApiTest extends AppTest {
  private ToraleApp other;
  private Api otherApi;

  @BeforeAll
  void startOther() {
    other = ToraleApp.start(database);
    otherApi = other.api();
  }

  @AfterAll
  void stopOther() {
    if (other != null) {
      other.close();
    }
  }

  @Test
  void aKeyRevokedThroughOneProcessFailsAtOnceInBoth() {
    String first = newUser();
    Api.Reply second = api.post("/api/v1/auth/api-keys", first, "{\"name\":\"second\"}");
    assertEquals(200, second.status(), second::toString);
    String secondKey = second.field("key");
    // Both processes have seen (and cached) the second key.
    for (int i = 0; i < 3; i++) {
      assertEquals(200, api.get("/api/v1/auth/me", secondKey).status());
      assertEquals(200, otherApi.get("/api/v1/auth/me", secondKey).status());
    }
    Api.Reply revoked = api.delete("/api/v1/auth/api-keys/" + second.field("id"), first);
    assertEquals(204, revoked.status(), revoked::toString);
    assertEquals(401, otherApi.get("/api/v1/auth/me", secondKey).status());
    assertEquals(401, api.get("/api/v1/auth/me", secondKey).status());
    assertEquals(200, otherApi.get("/api/v1/auth/me", first).status());
  }

  @Test
  void aUserDeletedInTheDatabaseFailsInBothOnceTheyHeardIt() throws SQLException {
    String key = newUser();
    for (int i = 0; i < 3; i++) {
      assertEquals(200, api.get("/api/v1/tasks", key).status());
      assertEquals(200, otherApi.get("/api/v1/tasks", key).status());
    }
    UUID id = UUID.fromString(api.get("/api/v1/auth/me", key).field("id"));
    // As an operator would, outside the API; then wait, as a revoke through the API does, for both
    // processes to answer that they heard it.
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute("LISTEN " + AuthChanges.ACKED);
      s.execute("DELETE FROM users WHERE id = '" + id + "'");
      int answers = 0;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (answers < 2 && System.nanoTime() < deadline) {
        PGNotification[] heard = c.unwrap(PGConnection.class).getNotifications(500);
        answers += heard == null ? 0 : heard.length;
      }
      assertEquals(2, answers, "both processes answer the change");
    }
    assertEquals(401, otherApi.get("/api/v1/tasks", key).status());
    assertEquals(401, api.get("/api/v1/tasks", key).status());
  }
}
