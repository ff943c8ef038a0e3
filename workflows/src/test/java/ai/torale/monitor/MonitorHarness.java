package ai.torale.monitor;

import ai.torale.notify.NotificationChannel;
import ai.torale.schedule.SchedulingPolicy;
import ai.torale.search.DailyCheckBudget;
import ai.torale.search.Providers;
import ai.torale.support.TestClock;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One monitor under test: a time-skipping Temporal test environment running {@link
 * MonitorWorkflowImpl} with the real {@link CheckActivitiesImpl} over {@link InMemoryMonitorStore}
 * and a {@link RecordingNotifier}; its searches are scripted ({@link ScriptedSearch}) or go through
 * the real search activities over given providers. Activities read the test environment's clock, so
 * a policy decision made in an activity and a timer in the workflow agree on what "now" is.
 */
public final class MonitorHarness implements AutoCloseable {
  static final NotificationChannel EMAIL = NotificationChannel.email("owner@example.com");
  static final NotificationChannel WEBHOOK =
      new NotificationChannel(
          NotificationChannel.WEBHOOK, null, "https://hooks.example.com/t", "POST", null, "s3");

  /**
   * How long the tests wait in real time for activities to finish while the test clock stands
   * still.
   */
  private static final Duration REAL_TIME_LIMIT = Duration.ofSeconds(20);

  /**
   * Where every harness's clock starts: a fixed instant, not the wall clock's, so that what depends
   * on the time of day (a budget refilled at UTC midnight, the next day's schedule) runs the same
   * whenever the suite does. A test started in the hour before midnight once saw a postponed check
   * run within its hour.
   */
  static final Instant START = Instant.parse("2026-06-01T12:00:00Z");

  final UUID taskId;
  final UUID userId;
  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final Clock clock;
  final SchedulingPolicy policy;
  public final InMemoryMonitorStore store;
  final ScriptedSearch search = new ScriptedSearch();
  public final RecordingNotifier notifier = new RecordingNotifier();

  /** The run started by {@link #start}; later runs come from continue-as-new. */
  String firstRunId;

  /**
   * A task with these channels whose searches and judgements the test scripts through {@link
   * #search}.
   */
  MonitorHarness(NotificationChannel... channels) {
    this(List.of(), channels);
  }

  /** The same, with the monitor's worker seen through {@code interceptors}. */
  MonitorHarness(List<WorkerInterceptor> interceptors, NotificationChannel... channels) {
    this(
        clock ->
            new InMemoryMonitorStore(
                clock, UUID.randomUUID(), UUID.randomUUID(), List.of(channels)),
        null,
        interceptors);
  }

  /**
   * The given task, checked by the real search activities over these providers (with no daily
   * budget).
   */
  public MonitorHarness(Providers providers, InMemoryMonitorStore store) {
    this(clock -> store, providers, List.of());
  }

  private MonitorHarness(
      Function<Clock, InMemoryMonitorStore> storeOnClock,
      Providers providers,
      List<WorkerInterceptor> interceptors) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setInitialTime(START)
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(interceptors.toArray(WorkerInterceptor[]::new))
                        .build())
                .build());
    client = env.getWorkflowClient();
    clock = new TestClock(() -> Instant.ofEpochMilli(env.currentTimeMillis()));
    policy =
        new SchedulingPolicy(
            SchedulingPolicy.DEFAULT_MIN,
            SchedulingPolicy.DEFAULT_MAX,
            clock,
            new SplittableRandom(7));
    store = storeOnClock.apply(clock);
    taskId = store.taskId();
    userId = store.userId();
    SearchActivities searches =
        providers == null
            ? search
            : new SearchActivitiesImpl(providers, DailyCheckBudget.unlimited(clock));
    notifier.queuedBy(store::queuedDeliveries);
    Worker worker = env.newWorker(MonitorWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MonitorWorkflowImpl.class);
    CheckActivities checks = new CheckActivitiesImpl(store, policy, clock);
    SearchActivities current = new CurrentChecksOnly(searches, store);
    worker.registerActivitiesImplementations(
        checks, current, new OpeningActivitiesImpl(checks, current, clock), notifier);
    env.start();
  }

  /**
   * Starts the monitor of an active task whose first check is due {@code firstCheckIn} from now.
   */
  public MonitorWorkflow start(Duration firstCheckIn) {
    return start(
        MonitorInput.start(taskId, userId, TaskState.ACTIVE, now().plus(firstCheckIn), false));
  }

  /**
   * Registers the monitor's search attributes on the namespace and starts an active monitor that
   * publishes them, its first check due in {@code firstCheckIn}.
   */
  MonitorWorkflow startWithSearchAttributes(Duration firstCheckIn) {
    MonitorSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    return start(
        MonitorInput.start(taskId, userId, TaskState.ACTIVE, now().plus(firstCheckIn), true));
  }

  MonitorWorkflow start(MonitorInput input) {
    MonitorWorkflow workflow =
        client.newWorkflowStub(
            MonitorWorkflow.class,
            WorkflowOptions.newBuilder()
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

  public Instant now() {
    return clock.instant();
  }

  /**
   * Lets test time pass; timers fire and the checks they start run to the end before time moves on.
   */
  void sleep(Duration duration) {
    env.sleep(duration);
  }

  /**
   * Waits in real time (the test clock stands still meanwhile) for work that needs no timer, e.g. a
   * manual run.
   */
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

  /**
   * Lets test time pass, then lets it pass a second at a time, for at most ten seconds of real
   * time, until the store holds {@code expectedOutcomes} outcomes: retries with backoff run
   * meanwhile.
   */
  public void advance(Duration duration, int expectedOutcomes) {
    env.sleep(duration);
    long deadline = System.currentTimeMillis() + 10_000;
    while (store.outcomes().size() < expectedOutcomes && System.currentTimeMillis() < deadline) {
      env.sleep(Duration.ofSeconds(1));
    }
  }

  /** Waits until the monitor has no check in flight and {@code count} executions are finished. */
  void awaitFinished(int count) {
    awaitTrue(
        count + " executions finished",
        () -> store.finishedCount() >= count && monitor().state().runningExecutionId() == null);
  }

  @Override
  public void close() {
    env.close();
  }
}
