package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.torale.monitor.MonitorState;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.TaskState;
import ai.torale.support.Api;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The embedded Temporal server is in memory: a restart loses every workflow. The reconciler must
 * give each active or paused task its monitor back, at its stored next run, and end checks the
 * restart interrupted.
 */
class RestartTest {

  @Test
  void everyUnfinishedTaskGetsItsMonitorBackWithItsScheduleUnchanged() throws Exception {
    try (TestDatabase database = TestDatabase.create()) {
      ToraleApp app = ToraleApp.start(database);
      Api api = app.api();
      String key =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"restart@example.com\"}")
              .field("api_key");
      Map<UUID, Instant> active = new HashMap<>();
      for (int i = 0; i < 5; i++) {
        JsonNode task = api.post("/api/v1/tasks", key, "{\"search_query\":\"q" + i + "\"}").json();
        active.put(
            UUID.fromString(task.get("id").asText()), Instant.parse(task.get("next_run").asText()));
      }
      UUID paused =
          UUID.fromString(
              api.post("/api/v1/tasks", key, "{\"search_query\":\"p\",\"state\":\"paused\"}")
                  .json()
                  .get("id")
                  .asText());
      UUID completed =
          UUID.fromString(
              api.post("/api/v1/tasks", key, "{\"search_query\":\"c\"}").json().get("id").asText());
      api.put("/api/v1/tasks/" + completed, key, "{\"state\":\"completed\"}");
      app.stop();
      // A check left running by a process that died: a clean stop records its own
      // (GracefulStopTest).
      UUID interrupted = UUID.randomUUID();
      UUID someTask = active.keySet().iterator().next();
      app.jdbi()
          .useHandle(h ->
              h.execute(
                  "INSERT INTO executions (id, task_id, status, trigger, started_at, "
                      + "created_at) VALUES (?, ?, 'running', 'scheduled', now(), now())",
                  interrupted,
                  someTask));
      app.start();

      WorkflowClient temporal = app.temporal();
      for (Map.Entry<UUID, Instant> task : active.entrySet()) {
        MonitorState state = awaitMonitor(temporal, task.getKey());
        assertEquals(TaskState.ACTIVE, state.state());
        assertEquals(task.getValue(), state.nextRun(), "next_run is unchanged by the restart");
        JsonNode served = app.api().get("/api/v1/tasks/" + task.getKey(), key).json();
        assertEquals(task.getValue(), Instant.parse(served.get("next_run").asText()));
      }
      assertEquals(TaskState.PAUSED, awaitMonitor(temporal, paused).state());
      JsonNode execution =
          app.api().get("/api/v1/tasks/" + someTask + "/executions/" + interrupted, key).json();
      assertEquals("failed", execution.get("status").asText());
      assertEquals("Interrupted by restart", execution.get("error_message").asText());
      assertThrows(
          WorkflowNotFoundException.class,
          () -> temporal.newUntypedWorkflowStub(MonitorWorkflow.workflowId(completed)).describe(),
          "a completed task gets no monitor back");
      app.stop();
    }
  }

  private static MonitorState awaitMonitor(WorkflowClient temporal, UUID taskId)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    RuntimeException last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        return temporal
            .newWorkflowStub(MonitorWorkflow.class, MonitorWorkflow.workflowId(taskId))
            .state();
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new AssertionError("No monitor for task " + taskId, last);
  }
}
