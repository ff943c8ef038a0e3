package ai.torale.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Failing and recovered alerts are obligations too. A task fails three times in a row; its {@code
 * task.failing} webhook is refused once; the service is killed (SIGKILL) with the retry pending and
 * starts again on the same database. The alert is made once, and the next success, in the new
 * process, still counts as a recovery: {@code task.recovered} follows, once.
 */
class AlertRestartTest {
  /** The next attempt after a refused one comes a minute later. */
  private static final Duration LIMIT = Duration.ofSeconds(150);

  private static final String VERDICT =
      "{\"condition_met\":false,\"answer\":\"Not yet.\",\"notification\":null,"
          + "\"evidence\":\"Nothing announced.\",\"confidence\":80,\"next_run\":\"2099-01-01T00:00:00Z\","
          + "\"topic\":\"Alert test\"}";

  @Test
  void aFailingAlertInRetryIsMadeOnceAndTheRecoveryFollowsAfterACrash() throws Exception {
    try (GeminiServer gemini = new GeminiServer(VERDICT);
        TestDatabase database = TestDatabase.create();
        WebhookInbox inbox = new WebhookInbox()) {
      gemini.refuse(403);
      inbox.answer(500);
      String adminKey = ApiKeys.generate();
      Map<String, String> env = ServiceProcess.withLocalWebhooks(database, adminKey, gemini);
      String task;
      try (ServiceProcess first =
          new ServiceProcess(env, ServiceProcess.logFile("alert-restart-first"))) {
        first.start();
        Api api = first.api();
        task =
            api.post(
                    "/api/v1/tasks",
                    adminKey,
                    "{\"search_query\":\"Is ExampleCorp 6.0 out?\",\"state\":\"paused\","
                        + "\"notifications\":[{\"type\":\"webhook\",\"url\":\""
                        + inbox.url()
                        + "\"}]}")
                .field("id");
        for (int i = 1; i <= 3; i++) {
          assertEquals(
              200, api.post("/api/v1/tasks/" + task + "/execute", adminKey, null).status());
          int failed = i;
          Eventually.until(
              "check " + i + " failed",
              LIMIT,
              () ->
                  database.count("SELECT count(*) FROM executions WHERE status = 'failed'")
                      == failed);
        }
        Eventually.until("the alert was refused once", LIMIT, () -> inbox.received().size() == 1);
        Eventually.until(
            "and the attempt recorded",
            LIMIT,
            () -> database.count("SELECT count(*) FROM delivery_attempts") == 1);
        first.kill();
      }
      String alertId = inbox.received().get(0).header("X-Torale-Delivery");
      assertEquals("task.failing", inbox.received().get(0).header("X-Torale-Event"));

      inbox.answer(200);
      gemini.refuse(0);
      try (ServiceProcess second =
          new ServiceProcess(env, ServiceProcess.logFile("alert-restart-second"))) {
        second.start();
        Eventually.until("the alert was made", LIMIT, () -> inbox.received().size() == 2);
        assertEquals(alertId, inbox.received().get(1).header("X-Torale-Delivery"));

        Api api = second.api();
        assertEquals(200, api.post("/api/v1/tasks/" + task + "/execute", adminKey, null).status());
        Eventually.until("the recovery was told", LIMIT, () -> inbox.received().size() == 3);
        Thread.sleep(3_000);
        List<WebhookInbox.Received> received = inbox.received();
        assertEquals(3, received.size(), "each alert once: " + received);
        assertEquals("task.recovered", received.get(2).header("X-Torale-Event"));
        assertEquals(
            0, database.count("SELECT count(*) FROM deliveries WHERE finished_at IS NULL"));
      }
    }
  }
}
