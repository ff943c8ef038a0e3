package ai.torale.deliveries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.support.Api;
import ai.torale.support.Eventually;
import ai.torale.support.GeminiServer;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import ai.torale.support.WebhookInbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A chat channel through the whole service: the check's finding reaches a Slack incoming webhook as
 * Block Kit, its attempt is in the owner's delivery log (stored in PostgreSQL like a webhook's),
 * and the channel's URL, a secret on that platform, never enters a workflow's history.
 */
class ChatDeliveryApiTest {
  private static final String MET =
      "{\"condition_met\":true,\"answer\":\"ExampleCorp 2.1 is out.\","
          + "\"notification\":\"**ExampleCorp 2.1 is out**\",\"evidence\":\"Release notes.\",\"confidence\":90,"
          + "\"next_run\":\"2099-01-01T00:00:00Z\",\"topic\":\"ExampleCorp 2.1\"}";

  @Test
  void aFindingReachesSlackAndIsLoggedForTheOwner() throws Exception {
    try (GeminiServer gemini = new GeminiServer(MET);
        WebhookInbox slack = new WebhookInbox();
        TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("search.geminiApiKey", "test-key"),
                ConfigOverride.config("search.geminiBaseUrl", gemini.baseUrl()),
                ConfigOverride.config("notify.webhookAllowHttp", "true"),
                ConfigOverride.config("notify.webhookAllowPrivate", "true"))) {
      Api api = app.api();
      String key =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"chat@example.com\"}")
              .field("api_key");
      String url = slack.url() + "/services/T000/B000/XXXXXXXXXXXXXXXX";
      String id =
          api.post(
                  "/api/v1/tasks",
                  key,
                  "{\"name\":\"Launch\",\"search_query\":\"Is 2.1 out?\",\"run_immediately\":true,"
                      + "\"notifications\":[{\"type\":\"slack\",\"url\":\""
                      + url
                      + "\"}]}")
              .field("id");

      Eventually.until(
          "the Slack message", Duration.ofSeconds(30), () -> !slack.received().isEmpty());
      JsonNode message = new ObjectMapper().readTree(slack.received().get(0).body());
      assertTrue(message.get("blocks").isArray(), message::toString);
      assertTrue(message.toString().contains("ExampleCorp 2.1 is out"), message::toString);

      Eventually.until(
          "the attempt in the delivery log",
          Duration.ofSeconds(10),
          () -> api.get("/api/v1/notifications/deliveries?task_id=" + id, key).json().size() == 1);
      JsonNode attempt =
          api.get("/api/v1/notifications/deliveries?task_id=" + id, key).json().get(0);
      assertEquals("slack", attempt.get("channel").asText(), attempt::toString);
      assertEquals("delivered", attempt.get("result").asText(), attempt::toString);
      assertFalse(attempt.toString().contains("XXXXXXXXXXXXXXXX"), attempt::toString);
      String history =
          app.temporal()
              .fetchHistory(MonitorWorkflow.workflowId(UUID.fromString(id)))
              .getHistory()
              .toString();
      assertFalse(history.contains("XXXXXXXXXXXXXXXX"), "the Slack URL never enters a payload");
    }
  }
}
