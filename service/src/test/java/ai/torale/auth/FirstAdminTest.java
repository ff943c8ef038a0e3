package ai.torale.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import org.junit.jupiter.api.Test;

/** A fresh install with no admin key configured makes one admin with one key, once. */
class FirstAdminTest {

  @Test
  void theFirstStartMakesAnAdminAndTheSecondDoesNot() {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app = new ToraleApp(database).withoutAdminKey()) {
      app.start();
      assertEquals("1 admin, 1 key", admins(app));
      app.stop();
      app.start();
      assertEquals(
          "1 admin, 1 key", admins(app), "a restart makes no second admin and no second key");
    }
  }

  private static String admins(ToraleApp app) {
    return app.jdbi()
        .withHandle(h ->
            h.createQuery(
                    "SELECT (SELECT count(*) FROM users WHERE is_admin) || ' admin, ' "
                        + "|| (SELECT count(*) FROM api_keys WHERE name = 'first admin key') || ' key'")
                .mapTo(String.class)
                .one());
  }
}
