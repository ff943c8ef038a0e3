package ai.torale.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.torale.support.Api;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * API keys, webhook secrets and provider keys never reach the log, whatever the service does with
 * them.
 */
class SecretsInLogsTest {
  private static final String PROVIDER_KEY = "AIzaSyTEST-provider-key-never-logged";
  private static final String WEBHOOK_SECRET = "whsec_test_secret_never_logged_0123456789";

  @Test
  void noSecretAppearsInAnyLogLine() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("search.geminiApiKey", PROVIDER_KEY),
                ConfigOverride.config("logging.level", "DEBUG"))) {
      ListAppender<ILoggingEvent> captured = new ListAppender<>();
      Logger root =
          ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
      captured.start();
      root.addAppender(captured);
      try {
        Api api = app.api();
        String userKey =
            api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"logs@example.com\"}")
                .field("api_key");
        String id =
            api.post(
                    "/api/v1/tasks",
                    userKey,
                    "{\"search_query\":\"q\",\"notifications\":[{\"type\":"
                        + "\"webhook\",\"url\":\"https://example.com/h\",\"secret\":\""
                        + WEBHOOK_SECRET
                        + "\"}]}")
                .field("id");
        String execution = api.post("/api/v1/tasks/" + id + "/execute", userKey, null).field("id");
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(20).toMillis();
        while (System.currentTimeMillis() < deadline
            && !"failed"
                .equals(
                    api.get("/api/v1/tasks/" + id + "/executions/" + execution, userKey)
                        .field("status"))) {
          Thread.sleep(100);
        }
        api.get("/api/v1/tasks", userKey.substring(0, 20) + "x".repeat(26));
        api.post("/api/v1/auth/api-keys", userKey, "{}");
        assertEquals(200, api.get("/api/v1/auth/api-keys", userKey).status());

        List<String> lines = captured.list.stream().map(SecretsInLogsTest::render).toList();
        for (String secret : List.of(PROVIDER_KEY, WEBHOOK_SECRET, app.adminKey, userKey)) {
          for (String line : lines) {
            assertFalse(line.contains(secret), "a secret reached the log: " + line);
          }
        }
      } finally {
        root.detachAppender(captured);
      }
    }
  }

  private static String render(ILoggingEvent event) {
    String text = event.getFormattedMessage();
    return event.getThrowableProxy() == null
        ? text
        : text + ThrowableProxyUtil.asString(event.getThrowableProxy());
  }
}
