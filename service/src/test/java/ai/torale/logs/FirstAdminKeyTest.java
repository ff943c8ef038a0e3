package ai.torale.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Console;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Masking spares the one line meant to show a key: a fresh install's first admin key, in its
 * console.
 */
class FirstAdminKeyTest {
  @Test
  void theFirstAdminKeyIsShownInFullAndWorks() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app = new ToraleApp(database).withoutAdminKey()) {
      String written;
      try (Console console = Console.capture()) {
        app.start();
        written = console.flushed();
      }
      Matcher key = Pattern.compile("\\n {4}(sk_[A-Za-z0-9_-]{43})\\n").matcher(written);
      assertTrue(key.find(), "no key in the first admin's banner:\n" + written);
      assertEquals(200, app.api().get("/api/v1/auth/me", key.group(1)).status());
    }
  }
}
