package ai.torale.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Health on both ports and Prometheus metrics on the admin port, as an operator reads them. */
class OperationsTest extends AppTest {

  @Test
  void healthNamesWhatIsMissingWithoutLeakingSecrets() {
    Api.Reply health = api.get("/health", null);
    assertEquals(503, health.status(), "no search provider is configured in tests");
    assertEquals("degraded", health.field("status"));
    assertFalse(health.json().get("checks").get("search-provider").get("healthy").asBoolean());
    assertTrue(health.json().get("checks").get("postgresql").get("healthy").asBoolean());
    assertTrue(health.json().get("checks").get("temporal").get("healthy").asBoolean());
    assertTrue(health.json().get("checks").get("worker").get("healthy").asBoolean());
    assertFalse(health.text().contains(app.adminKey));
    assertFalse(health.text().contains("Exception"));
    Api admin = new Api(app.adminPort());
    assertEquals(200, admin.get("/ping", null).status());
  }

  @Test
  void metricsAreServedAsPrometheusTextAndMoveWhenACheckRuns() {
    Api admin = new Api(app.adminPort());
    String key = newUser();
    String id = createTask(key, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText();
    double before = value(admin.get("/metrics", null).text(), "torale_checks_failed_total");
    String execution = api.post("/api/v1/tasks/" + id + "/execute", key, null).field("id");
    await(
        Duration.ofSeconds(20),
        () -> api.get("/api/v1/tasks/" + id + "/executions/" + execution, key),
        r -> "failed".equals(r.field("status")));
    String text = admin.get("/metrics", null).text();
    assertEquals(before + 1, value(text, "torale_checks_failed_total"), 0.001);
    assertTrue(text.contains("ai_torale_tasks_TaskResource_create"), "resources are timed");
    assertTrue(text.contains("temporal_"), "Temporal SDK metrics are bridged");
    assertFalse(text.contains(app.adminKey));
  }

  private static double value(String prometheusText, String name) {
    Matcher m =
        Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(prometheusText);
    return m.find() ? Double.parseDouble(m.group(2)) : 0;
  }
}
