package ai.torale.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An operator raises Jetty to DEBUG through the admin port's log-level task, which then logs every request's
 * headers and bytes: what the service writes to its console still holds no credential.
 */
class VerboseLogsTest extends AppTest {
  private static final String WEBHOOK_SECRET = "whsec_" + "s3cretS3CRET_-".repeat(3) + "x";

  @Test
  void noLogLevelWritesAKeyOrASecret() throws Exception {
    String key = newUser();
    Api admin = new Api(app.adminPort());
    String body = "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"webhook\",\"url\":\"https://example.com/h\","
        + "\"secret\":\"" + WEBHOOK_SECRET + "\"}]}";
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(new Capture(console), true, StandardCharsets.UTF_8));
    try {
      for (String logger : new String[] {"org.eclipse.jetty", "org.eclipse.jetty.http.HttpParser"}) {
        assertEquals(200, admin.post("/tasks/log-level?logger=" + logger + "&level=DEBUG", null, "").status());
      }
      // DEBUG lines are dropped when the log's queue fills up: repeat until the header line made it out.
      for (int attempt = 0; attempt < 20 && !written(console).contains("Bearer "); attempt++) {
        assertEquals(200, api.post("/api/v1/tasks", key, body).status());
        flush(console);
      }
    } finally {
      for (String logger : new String[] {"org.eclipse.jetty", "org.eclipse.jetty.http.HttpParser"}) {
        admin.post("/tasks/log-level?logger=" + logger, null, "");
      }
      flush(console);
      System.setOut(out);
    }
    String written = written(console);
    for (String secret : new String[] {key.substring(3), app.adminKey.substring(3), WEBHOOK_SECRET.substring(6)}) {
      assertFalse(written.contains(secret), "a credential reached the log");
    }
    assertTrue(written.contains("Bearer ***"), "Jetty's DEBUG lines never showed the request's header");
  }

  /** Logging is asynchronous and in order: once a marker logged now is written, so is all before it. */
  private static void flush(ByteArrayOutputStream console) throws InterruptedException {
    String marker = "flush-" + UUID.randomUUID();
    LoggerFactory.getLogger(VerboseLogsTest.class).warn(marker);
    for (int i = 0; i < 100 && !written(console).contains(marker); i++) {
      Thread.sleep(50);
    }
  }

  private static String written(ByteArrayOutputStream console) {
    synchronized (console) {
      return console.toString(StandardCharsets.UTF_8);
    }
  }

  /** The console, kept (Jetty at DEBUG would bury the test's own output). */
  private static final class Capture extends OutputStream {
    private final ByteArrayOutputStream copy;

    Capture(ByteArrayOutputStream copy) {
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      synchronized (copy) {
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      synchronized (copy) {
        copy.write(bytes, offset, length);
      }
    }
  }
}
