package ai.torale.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.auth.ApiKeys;
import ai.torale.support.Api;
import ai.torale.support.GeminiServer;
import ai.torale.support.ServiceProcess;
import ai.torale.support.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run-now the API accepted is an obligation: SIGKILL while that check is in its search, then a
 * cold start on the same database (the embedded Temporal server forgot everything). The same
 * execution runs again and succeeds, once; it does not end "Interrupted by restart".
 */
class ManualRunRestartTest {
  private static final String VERDICT =
      "{\"condition_met\":false,\"answer\":\"Not yet.\",\"notification\":null,"
          + "\"evidence\":\"Nothing announced.\",\"confidence\":80,\"next_run\":\"2099-01-01T00:00:00Z\","
          + "\"topic\":\"Restart test\"}";

  @Test
  void anAcceptedManualRunRunsAgainAfterACrash() throws Exception {
    try (GeminiServer gemini = new GeminiServer(VERDICT);
        TestDatabase database = TestDatabase.create()) {
      gemini.delay(Duration.ofSeconds(30));
      String adminKey = ApiKeys.generate();
      Map<String, String> env = ServiceProcess.withGemini(database, adminKey, gemini);
      String task;
      String execution;
      try (ServiceProcess first =
          new ServiceProcess(env, ServiceProcess.logFile("manual-restart-first"))) {
        first.start();
        Api api = first.api();
        task =
            api.post(
                    "/api/v1/tasks",
                    adminKey,
                    "{\"search_query\":\"Is ExampleCorp 4.0 out?\",\"state\":\"paused\"}")
                .field("id");
        Api.Reply accepted =
            api.post(
                "/api/v1/tasks/" + task + "/execute?suppress_notifications=true", adminKey, null);
        assertEquals(200, accepted.status(), accepted.toString());
        execution = accepted.field("id");
        assertEquals("running", awaitStatus(api, adminKey, task, execution, "running"));
        first.kill();
      }

      gemini.delay(Duration.ZERO);
      try (ServiceProcess second =
          new ServiceProcess(env, ServiceProcess.logFile("manual-restart-second"))) {
        second.start();
        Api api = second.api();
        assertEquals("success", awaitStatus(api, adminKey, task, execution, "success"));
        Api.Reply executions = api.get("/api/v1/tasks/" + task + "/executions", adminKey);
        assertEquals(1, executions.json().size(), "the same execution ran again, no new one");
        assertEquals(
            "paused",
            api.get("/api/v1/tasks/" + task, adminKey).field("state"),
            "a manual run of a paused task leaves it paused");
        assertTrue(
            api.get("/api/v1/tasks/" + task + "/notifications", adminKey).json().isEmpty(),
            "it ran as asked: notifications suppressed");
      }
    }
  }

  private static String awaitStatus(
      Api api, String key, String task, String execution, String wanted)
      throws InterruptedException {
    String status = null;
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      status = api.get("/api/v1/tasks/" + task + "/executions/" + execution, key).field("status");
      if (wanted.equals(status)) {
        return status;
      }
      Thread.sleep(200);
    }
    return status;
  }
}
