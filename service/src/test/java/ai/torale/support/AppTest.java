package ai.torale.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One database and one running service per test class; helpers for users and tasks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AppTest {
  protected TestDatabase database;
  protected ToraleApp app;
  protected Api api;

  @BeforeAll
  void startService() {
    database = TestDatabase.create();
    app = ToraleApp.start(database, overrides());
    api = app.api();
  }

  /** Settings of this class's service beyond the test defaults. */
  protected ConfigOverride[] overrides() {
    return new ConfigOverride[0];
  }

  @AfterAll
  void stopService() {
    if (app != null) {
      app.close();
    }
    if (database != null) {
      database.close();
    }
  }

  /** A new user, made by the admin; returns the user's API key. */
  protected String newUser() {
    Api.Reply reply =
        api.post(
            "/api/v1/admin/users",
            app.adminKey,
            "{\"email\":\"user-" + UUID.randomUUID() + "@example.com\"}");
    assertEquals(200, reply.status(), reply::toString);
    return reply.field("api_key");
  }

  /** Marks {@code email} as verified for the key's user, as the email-verification flow would. */
  protected void verifyEmail(String key, String email) {
    UUID user = UUID.fromString(api.get("/api/v1/auth/me", key).field("id"));
    app.jdbi()
        .useHandle(h ->
            h.execute(
                "INSERT INTO verified_emails (user_id, email, verified_at) VALUES (?, ?, now()) "
                    + "ON CONFLICT DO NOTHING",
                user,
                email.toLowerCase(java.util.Locale.ROOT)));
  }

  protected JsonNode createTask(String key, String body) {
    Api.Reply reply = api.post("/api/v1/tasks", key, body);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  /**
   * Until a statement like {@code statement} (an SQL LIKE pattern) waits on a lock in this
   * database; asked outside any transaction of the caller's, which would see the activity as it was
   * when that transaction first looked.
   */
  protected void awaitWaitingOnALock(String statement) throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      int waiting =
          app.jdbi()
              .withHandle(h ->
                  h.createQuery(
                          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                              + "AND datname = current_database() AND query LIKE :statement")
                      .bind("statement", statement)
                      .mapTo(Integer.class)
                      .one());
      if (waiting > 0) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no statement like " + statement + " waited on a lock");
  }

  /** Polls until the reply satisfies {@code done}, or fails after the timeout. */
  protected Api.Reply await(
      Duration timeout, java.util.function.Supplier<Api.Reply> call, Predicate<Api.Reply> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Api.Reply last = null;
    while (System.nanoTime() < deadline) {
      last = call.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    fail("Timed out; last reply: " + last);
    return last;
  }
}
