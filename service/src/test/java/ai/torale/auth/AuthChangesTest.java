package ai.torale.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.support.Eventually;
import ai.torale.support.TestDatabase;
import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two listeners on one database, as two processes have: each drops its cache at every key or user
 * change, and a listener that loses its connection distrusts its cache until it listens again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthChangesTest {
  private static final User OWNER =
      new User(UUID.randomUUID(), "owner@example.com", false, Instant.EPOCH);

  private TestDatabase database;
  private final KnownKeys oneKeys = new KnownKeys(Clock.systemUTC());
  private final KnownKeys otherKeys = new KnownKeys(Clock.systemUTC());
  private AuthChanges one;
  private AuthChanges other;

  @BeforeAll
  void start() {
    database = TestDatabase.create();
    Flyway.configure()
        .dataSource(database.url(), database.user(), database.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    one = new AuthChanges(settings(), oneKeys);
    other = new AuthChanges(settings(), otherKeys);
    one.start();
    other.start();
    await(() -> oneKeys.trusted() && otherKeys.trusted(), "both listeners listen");
  }

  @AfterAll
  void stop() throws InterruptedException {
    one.stop();
    other.stop();
    database.close();
  }

  @Test
  void aRevokeInTheDatabaseDropsBothCaches() throws SQLException {
    UUID keyId = UUID.randomUUID();
    sql(
        "INSERT INTO users (id, email, is_admin, created_at) VALUES ('"
            + OWNER.id()
            + "', 'owner-"
            + keyId
            + "@example.com', false, now()) ON CONFLICT DO NOTHING",
        "INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, created_at) VALUES ('"
            + keyId
            + "', '"
            + OWNER.id()
            + "', 'k', 'hash-"
            + keyId
            + "', 'sk_x', now())");
    rememberInBoth("hash-" + keyId);
    // A key's use mark is no change.
    sql("UPDATE api_keys SET last_used_at = now() WHERE id = '" + keyId + "'");
    sleepABit();
    assertEquals(Optional.of(OWNER), oneKeys.owner("hash-" + keyId));
    sql("UPDATE api_keys SET revoked_at = now() WHERE id = '" + keyId + "'");
    awaitForgotten("hash-" + keyId);
  }

  @Test
  void aUserDeletedInTheDatabaseDropsBothCaches() throws SQLException {
    rememberInBoth("some-hash");
    sql("DELETE FROM users WHERE id = '" + UUID.randomUUID() + "'");
    awaitForgotten("some-hash");
  }

  @Test
  void aLostConnectionBypassesTheCacheUntilItListensAgain() throws SQLException {
    rememberInBoth("lost-hash");
    sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            + "WHERE application_name = 'torale-auth-changes' AND datname = current_database()");
    await(() -> !oneKeys.trusted() && !otherKeys.trusted(), "both listeners noticed the loss");
    assertEquals(Optional.empty(), oneKeys.owner("lost-hash"));
    // While nothing listens, what a request reads is not kept.
    oneKeys.remember("lost-hash", OWNER, oneKeys.generation());
    assertEquals(Optional.empty(), oneKeys.owner("lost-hash"));
    await(() -> oneKeys.trusted() && otherKeys.trusted(), "both listen again");
    assertEquals(Optional.empty(), oneKeys.owner("lost-hash"), "the cache started over");
    rememberInBoth("lost-hash");
  }

  @Test
  void anAnswerReadBeforeAChangeIsNotKept() {
    long readFrom = oneKeys.generation();
    oneKeys.forgetAll();
    oneKeys.remember("raced-hash", OWNER, readFrom);
    assertEquals(Optional.empty(), oneKeys.owner("raced-hash"));
  }

  private void rememberInBoth(String digest) {
    oneKeys.remember(digest, OWNER, oneKeys.generation());
    otherKeys.remember(digest, OWNER, otherKeys.generation());
    assertEquals(Optional.of(OWNER), oneKeys.owner(digest));
    assertEquals(Optional.of(OWNER), otherKeys.owner(digest));
  }

  private void awaitForgotten(String digest) {
    await(
        () -> oneKeys.owner(digest).isEmpty() && otherKeys.owner(digest).isEmpty(),
        "both caches dropped " + digest);
  }

  private DataSourceFactory settings() {
    DataSourceFactory f = new DataSourceFactory();
    f.setUrl(database.url());
    f.setUser(database.user());
    f.setPassword(database.password());
    return f;
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static void sleepABit() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(BooleanSupplier done, String what) {
    try {
      Eventually.until(what, Duration.ofSeconds(10), done);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
