package ai.torale.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.auth.ApiKeys;
import ai.torale.support.Api;
import ai.torale.support.Eventually;
import ai.torale.support.GeminiServer;
import ai.torale.support.ServiceProcess;
import ai.torale.support.TestDatabase;
import ai.torale.support.WebhookInbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A notification in retry is an obligation: its receiver answers 500 to the first attempt, the
 * service is killed (SIGKILL) with the retry pending, the receiver recovers, the service starts
 * again on the same database (the embedded Temporal server forgot everything). The delivery is made
 * at its next attempt, once, under the same delivery id.
 */
class DeliveryRestartTest {
  /** The next attempt after a refused one comes a minute later. */
  private static final Duration LIMIT = Duration.ofSeconds(150);

  private static final String VERDICT =
      "{\"condition_met\":true,\"answer\":\"ExampleCorp 5.0 is out.\","
          + "\"notification\":\"**ExampleCorp 5.0 is out**\",\"evidence\":\"Release notes.\","
          + "\"confidence\":90,\"next_run\":\"2099-01-01T00:00:00Z\",\"topic\":\"ExampleCorp 5.0\"}";

  @Test
  void aDeliveryInRetryIsMadeOnceAfterACrash() throws Exception {
    try (GeminiServer gemini = new GeminiServer(VERDICT);
        TestDatabase database = TestDatabase.create();
        WebhookInbox inbox = new WebhookInbox()) {
      inbox.answer(500);
      String adminKey = ApiKeys.generate();
      Map<String, String> env = ServiceProcess.withLocalWebhooks(database, adminKey, gemini);
      String task;
      try (ServiceProcess first =
          new ServiceProcess(env, ServiceProcess.logFile("delivery-restart-first"))) {
        first.start();
        Api api = first.api();
        task =
            api.post(
                    "/api/v1/tasks",
                    adminKey,
                    "{\"search_query\":\"Is ExampleCorp 5.0 out?\",\"state\":\"paused\","
                        + "\"notifications\":[{\"type\":\"webhook\",\"url\":\""
                        + inbox.url()
                        + "\"}]}")
                .field("id");
        assertEquals(200, api.post("/api/v1/tasks/" + task + "/execute", adminKey, null).status());
        Eventually.until(
            "the first attempt was refused and recorded",
            LIMIT,
            () -> database.count("SELECT count(*) FROM delivery_attempts") == 1);
        first.kill();
      }
      assertEquals(1, inbox.received().size());
      String deliveryId = inbox.received().get(0).header("X-Torale-Delivery");

      inbox.answer(200);
      try (ServiceProcess second =
          new ServiceProcess(env, ServiceProcess.logFile("delivery-restart-second"))) {
        second.start();
        Eventually.until("the delivery was made", LIMIT, () -> inbox.received().size() >= 2);
        // Time for a duplicate to show up, were there one.
        Thread.sleep(5_000);
        List<WebhookInbox.Received> received = inbox.received();
        assertEquals(2, received.size(), "one refused attempt, one delivery: " + received);
        assertEquals(deliveryId, received.get(1).header("X-Torale-Delivery"));
        assertEquals("task.condition_met", received.get(1).header("X-Torale-Event"));
        assertTrue(received.get(1).body().contains("ExampleCorp 5.0 is out"));
        Eventually.until(
            "the delivery is recorded as made",
            LIMIT,
            () -> database.count("SELECT count(*) FROM deliveries WHERE finished_at IS NULL") == 0);
        Api.Reply log =
            second.api().get("/api/v1/notifications/deliveries?task_id=" + task, adminKey);
        assertEquals(2, log.json().size(), log.toString());
      }
    }
  }
}
