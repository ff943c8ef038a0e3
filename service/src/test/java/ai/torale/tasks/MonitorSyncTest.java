package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.torale.monitor.MonitorState;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.TaskState;
import ai.torale.support.AppTest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the API does to a task's monitor workflow: the two must always tell the same story. */
class MonitorSyncTest extends AppTest {
  private String key;
  private WorkflowClient temporal;

  @BeforeAll
  void setUp() {
    key = newUser();
    temporal = app.temporal();
  }

  @Test
  void everyStateChangeReachesTheMonitor() {
    var task = createTask(key, "{\"name\":\"sync\",\"search_query\":\"q\"}");
    UUID id = UUID.fromString(task.get("id").asText());
    MonitorState started = state(id);
    assertEquals(TaskState.ACTIVE, started.state());
    assertEquals(
        Instant.parse(task.get("next_run").asText()),
        started.nextRun(),
        "the API and the workflow agree");

    api.put("/api/v1/tasks/" + id, key, "{\"state\":\"paused\"}");
    assertEquals(TaskState.PAUSED, state(id).state());

    var resumed = api.put("/api/v1/tasks/" + id, key, "{\"state\":\"active\"}").json();
    MonitorState active = state(id);
    assertEquals(TaskState.ACTIVE, active.state());
    assertEquals(Instant.parse(resumed.get("next_run").asText()), active.nextRun());

    var edited =
        api.put("/api/v1/tasks/" + id, key, "{\"search_query\":\"a new question\"}").json();
    assertEquals(
        Instant.parse(edited.get("next_run").asText()),
        state(id).nextRun(),
        "an edit reschedules the monitor");

    api.put("/api/v1/tasks/" + id, key, "{\"state\":\"completed\"}");
    awaitStatus(id, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);

    api.put("/api/v1/tasks/" + id, key, "{\"state\":\"active\"}");
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        status(id),
        "re-activation starts a new run");
    assertEquals(TaskState.ACTIVE, state(id).state());

    assertEquals(204, api.delete("/api/v1/tasks/" + id, key).status());
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
        status(id),
        "delete removes the monitor");
  }

  @Test
  void aPausedTaskHasAPausedMonitorAndForksStartPaused() {
    var paused =
        createTask(key, "{\"name\":\"quiet\",\"search_query\":\"q\",\"state\":\"paused\"}");
    MonitorState state = state(UUID.fromString(paused.get("id").asText()));
    assertEquals(TaskState.PAUSED, state.state());
    assertNull(state.nextRun());
    var fork = api.post("/api/v1/tasks/" + paused.get("id").asText() + "/fork", key, null).json();
    assertEquals(TaskState.PAUSED, state(UUID.fromString(fork.get("id").asText())).state());
  }

  private MonitorState state(UUID id) {
    return temporal.newWorkflowStub(MonitorWorkflow.class, MonitorWorkflow.workflowId(id)).state();
  }

  private WorkflowExecutionStatus status(UUID id) {
    return temporal.newUntypedWorkflowStub(MonitorWorkflow.workflowId(id)).describe().getStatus();
  }

  private void awaitStatus(UUID id, WorkflowExecutionStatus expected) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (status(id) != expected && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    assertEquals(expected, status(id));
  }
}
