package ai.torale.search;

import ai.torale.monitor.CheckActivitiesImpl;
import ai.torale.monitor.InMemoryMonitorStore;
import ai.torale.monitor.MonitorInput;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.MonitorWorkflowImpl;
import ai.torale.monitor.SearchActivitiesImpl;
import ai.torale.monitor.CurrentChecksOnly;
import ai.torale.monitor.TaskState;
import ai.torale.schedule.SchedulingPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * The monitor workflow on a time-skipping test environment with the real search and check activities over
 * the given providers, an in-memory store and a recording notifier.
 */
public final class CheckHarness implements AutoCloseable {
  public final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  public final InMemoryMonitorStore store;
  public final RecordingNotifier notifier = new RecordingNotifier();
  public final Clock clock = new TestClock(() -> Instant.ofEpochMilli(env.currentTimeMillis()));

  public CheckHarness(Providers providers, InMemoryMonitorStore store) {
    this.store = store;
    Worker worker = env.newWorker(MonitorWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MonitorWorkflowImpl.class);
    SchedulingPolicy policy = new SchedulingPolicy(
        SchedulingPolicy.DEFAULT_MIN, SchedulingPolicy.DEFAULT_MAX, clock, new Random(7));
    worker.registerActivitiesImplementations(
        new CurrentChecksOnly(new SearchActivitiesImpl(providers, DailyCheckBudget.unlimited(clock)), store),
        new CheckActivitiesImpl(store, policy, clock),
        notifier);
    env.start();
  }

  public Instant now() {
    return clock.instant();
  }

  /** Starts the task's monitor with its first check due in 30 seconds. */
  public void startMonitor() {
    MonitorWorkflow workflow = env.getWorkflowClient().newWorkflowStub(MonitorWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(MonitorWorkflow.workflowId(store.taskId()))
            .setTaskQueue(MonitorWorkflow.TASK_QUEUE)
            .build());
    WorkflowClient.start(workflow::monitor,
        MonitorInput.start(store.taskId(), store.userId(), TaskState.ACTIVE, now().plus(Duration.ofSeconds(30)), false));
  }

  /** Lets test time pass, then waits (in real time, briefly) for the workflow to record what it did. */
  public void advance(Duration duration, int expectedOutcomes) {
    env.sleep(duration);
    long deadline = System.currentTimeMillis() + 10_000;
    while (store.outcomes().size() < expectedOutcomes && System.currentTimeMillis() < deadline) {
      env.sleep(Duration.ofSeconds(1));
    }
  }

  @Override
  public void close() {
    env.close();
  }
}
