package ai.torale.auth;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import io.dropwizard.testing.ConfigOverride;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A fresh install with no admin key configured makes an admin and shows its key once, so the first curl works. */
class FirstAdminTest {

  @Test
  void theFirstStartPrintsAnAdminKeyOnceAndTheSecondDoesNot() {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app = new ToraleApp(database, ConfigOverride.config("auth.adminApiKey", ""))) {
      String key = keyIn(startCapturingLog(app));
      assertNotNull(key, "the first start logs an admin key");
      assertTrue(app.api().get("/api/v1/auth/me", key).json().get("is_admin").asBoolean());
      app.stop();
      assertNull(keyIn(startCapturingLog(app)), "the key is shown only once");
      assertTrue(app.api().get("/api/v1/tasks", key).status() == 200, "and keeps working");
    }
  }

  /** The console log of one start (Logback's console appender writes through System.out as it is now). */
  private static String startCapturingLog(ToraleApp app) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        captured.write(b);
        original.write(b);
      }
    }, true, StandardCharsets.UTF_8));
    try {
      app.start();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static String keyIn(String log) {
    Matcher m = Pattern.compile("sk_[A-Za-z0-9_-]{43}").matcher(log);
    return m.find() ? m.group() : null;
  }
}
