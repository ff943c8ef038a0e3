package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worker's options put activities on the threads the settings ask for. */
class WorkerCapacityTest {
  private static final String QUEUE = "capacity";

  @ActivityInterface
  public interface Probe {
    boolean onVirtualThread();
  }

  @WorkflowInterface
  public interface AskProbe {
    @WorkflowMethod
    boolean ask();
  }

  public static final class AskProbeImpl implements AskProbe {
    private final Probe probe =
        Workflow.newActivityStub(
            Probe.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public boolean ask() {
      return probe.onVirtualThread();
    }
  }

  @WorkflowInterface
  public interface SlowTask {
    @WorkflowMethod
    String run();
  }

  public static final class SlowTaskImpl implements SlowTask {
    @Override
    public String run() {
      // Holds its thread as one kept from a core does on a saturated machine.
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "done";
    }
  }

  @Test
  void aWorkflowTaskThatWaitsASecondForACoreIsNoDeadlock() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(QUEUE, new WorkerCapacity(true, 10, 10, 5).workerOptions());
      worker.registerWorkflowImplementationTypes(SlowTaskImpl.class);
      env.start();
      SlowTask task =
          env.getWorkflowClient()
              .newWorkflowStub(
                  SlowTask.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue(QUEUE)
                      .setWorkflowRunTimeout(Duration.ofSeconds(10))
                      .build());
      assertEquals("done", task.run());
    }
  }

  @Test
  void activitiesRunOnVirtualThreadsWhenAsked() {
    assertEquals(true, activityOnVirtualThread(new WorkerCapacity(true, 10, 10, 5)));
  }

  @Test
  void andOnPlatformThreadsWhenNot() {
    assertEquals(false, activityOnVirtualThread(new WorkerCapacity(false, 10, 10, 5)));
  }

  @Test
  void aWorkerRunsAtLeastOneActivity() {
    assertThrows(IllegalArgumentException.class, () -> new WorkerCapacity(true, 0, 10, 5));
  }

  @Test
  void aWorkerPollsForActivitiesAtLeastOnce() {
    assertThrows(IllegalArgumentException.class, () -> new WorkerCapacity(true, 10, 10, 0));
  }

  @Test
  void theAutomaticCacheHoldsAsManyMonitorsAsAQuarterOfTheHeap() {
    long gib = 1024L * 1024 * 1024;
    assertEquals(6553, WorkerCapacity.workflowCacheFor(gib, true));
    assertEquals(39321, WorkerCapacity.workflowCacheFor(6 * gib, true));
  }

  @Test
  void butNeverFewerThanTheSdksNorMoreThanPlatformThreadsBear() {
    long gib = 1024L * 1024 * 1024;
    assertEquals(600, WorkerCapacity.workflowCacheFor(64L * 1024 * 1024, true));
    assertEquals(4000, WorkerCapacity.workflowCacheFor(6 * gib, false));
    assertEquals(Integer.MAX_VALUE, WorkerCapacity.workflowCacheFor(Long.MAX_VALUE, true));
  }

  private static boolean activityOnVirtualThread(WorkerCapacity capacity) {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(QUEUE, capacity.workerOptions());
      worker.registerWorkflowImplementationTypes(AskProbeImpl.class);
      worker.registerActivitiesImplementations((Probe) () -> Thread.currentThread().isVirtual());
      env.start();
      return env.getWorkflowClient()
          .newWorkflowStub(AskProbe.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build())
          .ask();
    }
  }
}
