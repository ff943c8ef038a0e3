package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.support.Api;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A monitor that disappears (terminated by an operator, lost by a cluster) comes back by itself.
 */
class RepairTest {

  @Test
  void aTerminatedMonitorIsRestartedAtItsStoredNextRun() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database, ConfigOverride.config("temporal.reconcileInterval", "500ms"))) {
      Api api = app.api();
      String key =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"repair@example.com\"}")
              .field("api_key");
      var task = api.post("/api/v1/tasks", key, "{\"search_query\":\"q\"}").json();
      String workflowId =
          MonitorWorkflow.workflowId(java.util.UUID.fromString(task.get("id").asText()));
      WorkflowClient temporal = app.temporal();
      temporal.newUntypedWorkflowStub(workflowId).terminate("operator mistake");

      long deadline = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < deadline
          && temporal.newUntypedWorkflowStub(workflowId).describe().getStatus()
              != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        Thread.sleep(100);
      }
      assertEquals(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
          temporal.newUntypedWorkflowStub(workflowId).describe().getStatus());
      assertEquals(
          Instant.parse(task.get("next_run").asText()),
          temporal.newWorkflowStub(MonitorWorkflow.class, workflowId).state().nextRun());
    }
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
