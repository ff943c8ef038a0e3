package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.support.Api;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A monitor that disappears (terminated by an operator, lost by a cluster) comes back by itself,
 * once the check it should have run is overdue.
 */
class RepairTest {

  /**
   * The reconciler sees a lost monitor in PostgreSQL only once its check is overdue (a live one
   * would have begun it), so what a user gets is the missed check, run late, not a monitor back
   * before it is due. The test lets the due time pass by writing it an hour back, past the grace.
   */
  @Test
  void aTerminatedMonitorComesBackAndRunsTheCheckItMissed() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database, ConfigOverride.config("temporal.reconcileInterval", "500ms"))) {
      Api api = app.api();
      String key =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"repair@example.com\"}")
              .field("api_key");
      var task = api.post("/api/v1/tasks", key, "{\"search_query\":\"q\"}").json();
      UUID taskId = UUID.fromString(task.get("id").asText());
      String workflowId = MonitorWorkflow.workflowId(taskId);
      WorkflowClient temporal = app.temporal();
      temporal.newUntypedWorkflowStub(workflowId).terminate("operator mistake");
      Instant terminated = Instant.now();
      app.jdbi()
          .useHandle(h ->
              h.execute(
                  "UPDATE tasks SET next_run = ? WHERE id = ?",
                  Timestamp.from(terminated.minus(Duration.ofHours(1))),
                  taskId));

      long deadline = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < deadline && checksSince(app, taskId, terminated) == 0) {
        Thread.sleep(100);
      }
      assertEquals(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
          temporal.newUntypedWorkflowStub(workflowId).describe().getStatus());
      assertEquals(1, checksSince(app, taskId, terminated), "the missed check ran");
      assertTrue(
          app.metrics().counter("torale.reconciler.temporal_calls").getCount() >= 1,
          "operators see the reconciler's call");
    }
  }

  private static int checksSince(ToraleApp app, UUID taskId, Instant since) {
    return app.jdbi()
        .withHandle(h ->
            h.createQuery(
                    "SELECT count(*) FROM executions WHERE task_id = :task "
                        + "AND trigger = 'scheduled' AND created_at >= :since")
                .bind("task", taskId)
                .bind("since", since)
                .mapTo(Integer.class)
                .one());
  }

  @Test
  void noAuthModeServesOneLocalUser() {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app = ToraleApp.start(database, ConfigOverride.config("auth.mode", "noauth"))) {
      Api api = app.api();
      assertEquals(200, api.post("/api/v1/tasks", null, "{\"search_query\":\"q\"}").status());
      assertEquals("local@localhost", api.get("/api/v1/auth/me", null).field("email"));
      assertEquals(1, api.get("/api/v1/tasks", null).json().size());
    }
  }
}
