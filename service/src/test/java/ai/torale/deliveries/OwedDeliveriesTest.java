package ai.torale.deliveries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.support.Api;
import ai.torale.support.Eventually;
import ai.torale.support.GeminiServer;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import ai.torale.support.WebhookInbox;
import ai.torale.temporal.MonitorClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A monitor lost on a cluster (terminated by an operator) loses the deliveries it had in flight;
 * they stay owed in storage. The repair pass finds a delivery long past its next attempt and tells
 * the task's monitor, which comes back and makes it, once, under the same delivery id.
 */
class OwedDeliveriesTest {
  /** The repaired monitor sends at once. */
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private static final String MET =
      "{\"condition_met\":true,\"answer\":\"ExampleCorp 3.0 is out.\","
          + "\"notification\":\"**ExampleCorp 3.0 is out**\",\"evidence\":\"Release notes.\","
          + "\"confidence\":90,\"next_run\":\"2099-01-01T00:00:00Z\",\"topic\":\"ExampleCorp 3.0\"}";

  @Test
  void aDeliveryALostMonitorLeftIsMadeOnceAfterTheRepair() throws Exception {
    try (GeminiServer gemini = new GeminiServer(MET);
        WebhookInbox inbox = new WebhookInbox();
        TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("search.geminiApiKey", "test-key"),
                ConfigOverride.config("search.geminiBaseUrl", gemini.baseUrl()),
                ConfigOverride.config("notify.webhookAllowHttp", "true"),
                ConfigOverride.config("notify.webhookAllowPrivate", "true"),
                // Neither the reconciler nor the repair runs by itself during the test.
                ConfigOverride.config("temporal.reconcileInterval", "1h"))) {
      inbox.answer(500);
      Api api = app.api();
      String task =
          api.post(
                  "/api/v1/tasks",
                  app.adminKey,
                  "{\"search_query\":\"Is ExampleCorp 3.0 out?\",\"state\":\"paused\","
                      + "\"notifications\":[{\"type\":\"webhook\",\"url\":\""
                      + inbox.url()
                      + "\"}]}")
              .field("id");
      assertEquals(
          200, api.post("/api/v1/tasks/" + task + "/execute", app.adminKey, null).status());
      Eventually.until("the first attempt was refused", LIMIT, () -> inbox.received().size() == 1);
      Eventually.until(
          "and recorded",
          LIMIT,
          () -> database.count("SELECT count(*) FROM delivery_attempts") == 1);
      app.temporal()
          .newUntypedWorkflowStub(MonitorWorkflow.workflowId(UUID.fromString(task)))
          .terminate("operator mistake");
      ObjectMapper mapper = Jackson.newObjectMapper();
      PostgresDeliveryStore store = new PostgresDeliveryStore(app.jdbi(), mapper);
      OwedDeliveries repair =
          new OwedDeliveries(
              app.jdbi(),
              store,
              new MonitorClient(app.temporal(), Duration.ofSeconds(5), false),
              Duration.ofHours(1),
              Clock.systemUTC());
      assertEquals(0, repair.repair(), "a retry not yet due is no one's to repair");

      inbox.answer(200);
      app.jdbi()
          .useHandle(h ->
              h.execute("UPDATE deliveries SET next_attempt_at = now() - interval '20 minutes'"));
      assertEquals(1, repair.repair());

      Eventually.until("the delivery was made", LIMIT, () -> inbox.received().size() == 2);
      Eventually.until(
          "and recorded",
          LIMIT,
          () -> database.count("SELECT count(*) FROM deliveries WHERE finished_at IS NULL") == 0);
      assertEquals(
          inbox.received().get(0).header("X-Torale-Delivery"),
          inbox.received().get(1).header("X-Torale-Delivery"));
      Thread.sleep(2_000);
      assertEquals(2, inbox.received().size(), "made once");
      assertEquals(0, repair.repair(), "nothing left to repair");
    }
  }
}
