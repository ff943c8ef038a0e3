package ai.torale.monitor;

import ai.torale.notify.NotificationChannel;
import ai.torale.schedule.SchedulingPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * One monitor under test: a time-skipping Temporal test environment running {@link MonitorWorkflowImpl} with
 * the real {@link CheckActivitiesImpl} over {@link InMemoryMonitorStore}, a {@link ScriptedSearch} and a
 * {@link RecordingNotifier}. Activities read the test environment's clock, so a policy decision made in an
 * activity and a timer in the workflow agree on what "now" is.
 */
final class MonitorHarness implements AutoCloseable {
  static final NotificationChannel EMAIL = NotificationChannel.email("owner@example.com");
  static final NotificationChannel WEBHOOK =
      new NotificationChannel(NotificationChannel.WEBHOOK, null, "https://hooks.example.com/t", "POST", null, "s3");
  /** How long the tests wait in real time for activities to finish while the test clock stands still. */
  private static final Duration REAL_TIME_LIMIT = Duration.ofSeconds(20);

  final UUID taskId = UUID.randomUUID();
  final UUID userId = UUID.randomUUID();
  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final Clock clock;
  final SchedulingPolicy policy;
  final InMemoryMonitorStore store;
  final ScriptedSearch search = new ScriptedSearch();
  final RecordingNotifier notifier = new RecordingNotifier();
  /** The run started by {@link #start}; later runs come from continue-as-new. */
  String firstRunId;

  MonitorHarness(NotificationChannel... channels) {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    clock = new TestEnvClock(env);
    policy = new SchedulingPolicy(SchedulingPolicy.DEFAULT_MIN, SchedulingPolicy.DEFAULT_MAX, clock,
        new SplittableRandom(7));
    store = new InMemoryMonitorStore(clock, taskId, userId, List.of(channels));
    Worker worker = env.newWorker(MonitorWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MonitorWorkflowImpl.class);
    worker.registerActivitiesImplementations(new CheckActivitiesImpl(store, policy, clock),
        new CurrentChecksOnly(search, store), notifier);
    env.start();
  }

  /** Starts the monitor of an active task whose first check is due {@code firstCheckIn} from now. */
  MonitorWorkflow start(Duration firstCheckIn) {
    return start(MonitorInput.start(taskId, userId, TaskState.ACTIVE, now().plus(firstCheckIn), false));
  }

  MonitorWorkflow start(MonitorInput input) {
    MonitorWorkflow workflow = client.newWorkflowStub(MonitorWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId())
        .setTaskQueue(MonitorWorkflow.TASK_QUEUE)
        .build());
    firstRunId = WorkflowClient.start(workflow::monitor, input).getRunId();
    return monitor();
  }

  /** A stub for the latest run, as the API holds it: by workflow id only. */
  MonitorWorkflow monitor() {
    return client.newWorkflowStub(MonitorWorkflow.class, workflowId());
  }

  WorkflowStub untyped() {
    return client.newUntypedWorkflowStub(workflowId());
  }

  String workflowId() {
    return MonitorWorkflow.workflowId(taskId);
  }

  Instant now() {
    return clock.instant();
  }

  /** Lets test time pass; timers fire and the checks they start run to the end before time moves on. */
  void sleep(Duration duration) {
    env.sleep(duration);
  }

  /** Waits in real time (the test clock stands still meanwhile) for work that needs no timer, e.g. a manual run. */
  void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + REAL_TIME_LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting until " + what, e);
      }
    }
  }

  /** Waits until the monitor has no check in flight and {@code count} executions are finished. */
  void awaitFinished(int count) {
    awaitTrue(count + " executions finished", () -> store.finishedCount() >= count
        && monitor().state().runningExecutionId() == null);
  }

  @Override
  public void close() {
    env.close();
  }

  /** The test environment's clock, skipped time included. */
  private static final class TestEnvClock extends Clock {
    private final TestWorkflowEnvironment env;

    TestEnvClock(TestWorkflowEnvironment env) {
      this.env = env;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(env.currentTimeMillis());
    }
  }
}
