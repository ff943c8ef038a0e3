package ai.torale.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.auth.ApiKeys;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.support.GeminiServer;
import ai.torale.support.ServiceProcess;
import ai.torale.support.TestDatabase;
import ai.torale.support.WebhookInbox;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL in the middle of checks, then a cold start on the same database: every task has its
 * monitor back, no execution is left pending or running (interrupted ones end failed and their
 * checks run again).
 */
class CrashTest {
  private static final int TASKS = 50;
  private static final String VERDICT =
      "{\"condition_met\":true,\"answer\":\"It shipped.\",\"notification\":\"It shipped\","
          + "\"evidence\":\"Announcement.\",\"confidence\":90,\"next_run\":\"2099-01-01T00:00:00Z\",\"topic\":\"Crash test\"}";

  @Test
  void aKilledServiceLosesNoTaskAndLeavesNoCheckHanging() throws Exception {
    try (GeminiServer gemini = new GeminiServer(VERDICT);
        WebhookInbox inbox = new WebhookInbox();
        TestDatabase database = TestDatabase.create()) {
      gemini.delay(Duration.ofSeconds(2));
      String adminKey = ApiKeys.generate();
      Map<String, String> env = ServiceProcess.withLocalWebhooks(database, adminKey, gemini);
      env.put("TORALE_RECONCILE_INTERVAL", "1s");
      Jdbi jdbi = Jdbi.create(database.url(), database.user(), database.password());
      List<UUID> tasks = new ArrayList<>();
      try (ServiceProcess first = new ServiceProcess(env, ServiceProcess.logFile("crash-first"))) {
        first.start();
        UUID user = UUID.fromString(first.api().get("/api/v1/auth/me", adminKey).field("id"));
        // Tasks overdue, written as a restored backup would be: the reconciler finds each by its
        // overdue check (past its grace) and gives it its monitor, which checks at once; every
        // check then sits in its two-second search.
        jdbi.useHandle(h -> {
          for (int i = 0; i < TASKS; i++) {
            UUID id = UUID.randomUUID();
            tasks.add(id);
            h.execute(
                "INSERT INTO tasks (id, user_id, name, search_query, condition_description, state, next_run, "
                    + "notifications, state_changed_at, created_at) VALUES (?, ?, ?, 'q', 'q', 'active', "
                    + "now() - interval '10 minutes', CAST(? AS jsonb), now(), now())",
                id,
                user,
                "crash " + i,
                "[{\"type\":\"webhook\",\"url\":\""
                    + inbox.url()
                    + "\",\"method\":\"POST\",\"secret\":\"s\"}]");
          }
        });
        long deadline = System.currentTimeMillis() + 30_000;
        while (inFlight(jdbi) < 5 && System.currentTimeMillis() < deadline) {
          Thread.sleep(50);
        }
        assertTrue(inFlight(jdbi) >= 5, "checks are in flight when the service dies");
        first.kill();
      }
      int interrupted = inFlight(jdbi);
      assertTrue(interrupted > 0);

      try (ServiceProcess second =
          new ServiceProcess(env, ServiceProcess.logFile("crash-second"))) {
        second.start();
        WorkflowClient temporal =
            WorkflowClient.newInstance(
                WorkflowServiceStubs.newServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder()
                        .setTarget("127.0.0.1:" + second.temporalPort())
                        .build()));
        long deadline = System.currentTimeMillis() + 120_000;
        while ((inFlight(jdbi) > 0 || succeeded(jdbi) < TASKS)
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(250);
        }
        assertEquals(0, inFlight(jdbi), "no execution stays pending or running");
        assertEquals(TASKS, succeeded(jdbi), "every task's check ran to its end after the restart");
        int marked =
            jdbi.withHandle(h ->
                h.createQuery(
                        "SELECT count(*) FROM executions WHERE status = 'failed' "
                            + "AND error_message = 'Interrupted by restart'")
                    .mapTo(Integer.class)
                    .one());
        assertEquals(interrupted, marked, "each interrupted check says so");
        for (UUID task : tasks) {
          var state =
              temporal
                  .newWorkflowStub(MonitorWorkflow.class, MonitorWorkflow.workflowId(task))
                  .state();
          assertEquals(task, state.taskId(), "every task has its monitor back");
        }
        deadline = System.currentTimeMillis() + 30_000;
        while (inbox.received().size() < TASKS && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        List<String> deliveryIds =
            inbox.received().stream().map(r -> r.header("X-Torale-Delivery")).toList();
        assertEquals(
            deliveryIds.size(),
            new java.util.HashSet<>(deliveryIds).size(),
            "no delivery id arrives twice");
        long tasksTold =
            inbox.received().stream()
                .map(r -> r.body().replaceAll(".*\"task\":\\{\"id\":\"([^\"]+)\".*", "$1"))
                .distinct()
                .count();
        assertEquals(TASKS, tasksTold, "every task's news arrived");
        assertEquals(
            TASKS,
            inbox.received().size(),
            "and once: the same news is not sent again after the restart");
      }
    }
  }

  private static int inFlight(Jdbi jdbi) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT count(*) FROM executions WHERE status IN ('pending', 'running')")
            .mapTo(Integer.class)
            .one());
  }

  /** Tasks with a successful check. */
  private static int succeeded(Jdbi jdbi) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT count(DISTINCT task_id) FROM executions WHERE status = 'success'")
            .mapTo(Integer.class)
            .one());
  }
}
