package ai.torale.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import ai.torale.support.Console;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An operator raises Jetty to DEBUG through the admin port's log-level task, which then logs every
 * request's headers and bytes: what the service writes to its console still holds no credential.
 */
class VerboseLogsTest extends AppTest {
  private static final String WEBHOOK_SECRET = "whsec_" + "s3cretS3CRET_-".repeat(3) + "x";
  private static final List<String> LOGGERS =
      List.of("org.eclipse.jetty", "org.eclipse.jetty.http.HttpParser");

  @Test
  void noLogLevelWritesAKeyOrASecret() throws Exception {
    String key = newUser();
    Api admin = new Api(app.adminPort());
    String body =
        "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"webhook\",\"url\":\"https://example.com/h\","
            + "\"secret\":\""
            + WEBHOOK_SECRET
            + "\"}]}";
    String written;
    try (Console console = Console.capture()) {
      try {
        for (String logger : LOGGERS) {
          assertEquals(
              200,
              admin.post("/tasks/log-level?logger=" + logger + "&level=DEBUG", null, "").status());
        }
        // DEBUG lines are dropped when the log's queue fills up: repeat until the header line made
        // it out.
        for (int attempt = 0; attempt < 20 && !console.flushed().contains("Bearer "); attempt++) {
          assertEquals(200, api.post("/api/v1/tasks", key, body).status());
        }
      } finally {
        for (String logger : LOGGERS) {
          admin.post("/tasks/log-level?logger=" + logger, null, "");
        }
      }
      written = console.flushed();
    }
    for (String secret :
        new String[] {key.substring(3), app.adminKey.substring(3), WEBHOOK_SECRET.substring(6)}) {
      assertFalse(written.contains(secret), "a credential reached the log");
    }
    assertTrue(
        written.contains("Bearer ***"), "Jetty's DEBUG lines never showed the request's header");
  }
}
