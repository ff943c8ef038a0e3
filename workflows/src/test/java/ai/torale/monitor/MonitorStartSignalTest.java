package ai.torale.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A signal that arrives with the start (signal-with-start, or resume right after create) is never
 * lost.
 */
class MonitorStartSignalTest {

  @Test
  void aResumeDeliveredWithTheStartIsKept() {
    try (MonitorHarness harness = new MonitorHarness()) {
      MonitorWorkflow stub =
          harness.client.newWorkflowStub(
              MonitorWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(MonitorWorkflow.workflowId(harness.taskId))
                  .setTaskQueue(MonitorWorkflow.TASK_QUEUE)
                  .build());
      Instant at = harness.now().plus(Duration.ofHours(1));
      var batch = harness.client.newSignalWithStartRequest();
      batch.add(
          stub::monitor,
          MonitorInput.start(harness.taskId, harness.userId, TaskState.PAUSED, null, false));
      batch.add(stub::resume, at);
      harness.client.signalWithStart(batch);

      MonitorState state = stub.state();
      assertEquals(TaskState.ACTIVE, state.state());
      assertEquals(at, state.nextRun());
    }
  }
}
