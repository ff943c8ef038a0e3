package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.digest.DigestWorkflow;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.TaskState;
import ai.torale.support.AppTest;
import ai.torale.tasks.TaskDao;
import io.grpc.Status;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A call addressed by workflow id that reaches a monitor's run as it continues as new is told "not
 * found" ("Completed workflow", as the server answers) while the next run already runs: the
 * service's client asks again, so the monitor gets what the task's row already says.
 */
class ClosingRunsTest extends AppTest {
  private static final Status CLOSED = Status.NOT_FOUND.withDescription("Completed workflow");

  @Test
  void aCompleteThatMeetsAClosingRunEndsTheNextOne() throws Exception {
    UUID task = pausedTask();
    AtomicInteger signals = new AtomicInteger();

    closingOnce(signals).complete(task);

    assertEquals(2, signals.get(), "the signal that missed, then the one the monitor took");
    awaitStatus(task, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void aResumeThatMeetsAClosingRunResumesTheNextOne() throws Exception {
    UUID task = pausedTask();
    AtomicInteger signals = new AtomicInteger();
    MonitoredTask resumed =
        app.jdbi().withHandle(h -> new TaskDao(h).find(task)).orElseThrow().monitored();

    closingOnce(signals)
        .resume(
            new MonitoredTask(
                resumed.id(),
                resumed.userId(),
                resumed.name(),
                resumed.searchQuery(),
                resumed.conditionDescription(),
                TaskState.ACTIVE,
                Instant.now().plus(Duration.ofHours(1))));

    assertEquals(2, signals.get(), "the signal that missed, then the one the monitor took");
    assertEquals(TaskState.ACTIVE, monitor(task).state().state());
  }

  @Test
  void aWakeThatMeetsAClosingDigestRunWakesTheNextOne() throws Exception {
    UUID user = UUID.fromString(api.get("/api/v1/auth/me", newUser()).field("id"));
    AtomicInteger signals = new AtomicInteger();

    new DigestClient(closingClient(signals)).wake(user);

    assertEquals(2, signals.get(), "the signal that missed, then the one the workflow took");
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        app.temporal()
            .newUntypedWorkflowStub(DigestWorkflow.workflowId(user))
            .describe()
            .getStatus());
  }

  /**
   * The service's client over a connection whose first signal (or signal-with-start) is answered as
   * a run continuing as new answers it; {@code signals} counts them.
   */
  private MonitorClient closingOnce(AtomicInteger signals) {
    return new MonitorClient(closingClient(signals), Duration.ofSeconds(10), false);
  }

  /** A client whose first signal (or signal-with-start) is answered as a closing run answers. */
  private WorkflowClient closingClient(AtomicInteger signals) {
    return app.temporal(next ->
        new WorkflowClientCallsInterceptorBase(next) {
          @Override
          public WorkflowSignalOutput signal(WorkflowSignalInput input) {
            missFirst(signals);
            return super.signal(input);
          }

          @Override
          public WorkflowSignalWithStartOutput signalWithStart(WorkflowSignalWithStartInput input) {
            missFirst(signals);
            return super.signalWithStart(input);
          }
        });
  }

  private static void missFirst(AtomicInteger signals) {
    if (signals.getAndIncrement() == 0) {
      throw CLOSED.asRuntimeException();
    }
  }

  private UUID pausedTask() {
    return UUID.fromString(
        createTask(newUser(), "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText());
  }

  private MonitorWorkflow monitor(UUID task) {
    return app.temporal().newWorkflowStub(MonitorWorkflow.class, MonitorWorkflow.workflowId(task));
  }

  private void awaitStatus(UUID task, WorkflowExecutionStatus expected)
      throws InterruptedException {
    WorkflowExecutionStatus status = null;
    for (int i = 0; i < 100 && status != expected; i++) {
      Thread.sleep(50);
      status =
          app.temporal()
              .newUntypedWorkflowStub(MonitorWorkflow.workflowId(task))
              .describe()
              .getStatus();
    }
    assertEquals(expected, status);
  }
}
