package ai.torale.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.common.RetryOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The floors of the checks scenario: a bare workflow that waits for a timer, then runs three
 * activities in a row (open: begin and search; evaluate; record), in the monitor's shape: open and
 * evaluate regular, record local, with the monitor's timeouts and retries, on the same server. The
 * activities are no-ops ({@link NoSteps}, the floor the issue names) or do only the I/O a check
 * cannot do without ({@link IoSteps}).
 */
final class BareCheck {
  /** [begin ms, record ms] of every bare check, as the activities saw the clock. */
  static final Queue<long[]> DONE = new ConcurrentLinkedQueue<>();

  private BareCheck() {}

  /**
   * A worker for the bare workflows on their own task queue, with the SDK's default options (as the
   * service's).
   */
  static WorkerFactory startWorker(WorkflowClient temporal, String taskQueue, Steps steps) {
    return startWorker(
        temporal,
        taskQueue,
        steps,
        WorkerFactoryOptions.getDefaultInstance(),
        WorkerOptions.getDefaultInstance());
  }

  /** The same with the given factory and worker options. */
  static WorkerFactory startWorker(
      WorkflowClient temporal,
      String taskQueue,
      Steps steps,
      WorkerFactoryOptions factory,
      WorkerOptions options) {
    WorkerFactory workers = WorkerFactory.newInstance(temporal, factory);
    Worker worker = workers.newWorker(taskQueue, options);
    worker.registerWorkflowImplementationTypes(FlowImpl.class);
    worker.registerActivitiesImplementations(steps);
    workers.start();
    return workers;
  }

  @WorkflowInterface
  public interface Flow {
    @WorkflowMethod(name = "BenchBareCheck")
    void run(String taskId, long dueAtMillis);
  }

  /**
   * What begin hands to record: the task, the execution it started (none for the no-op floor) and
   * when.
   */
  public record Begun(String taskId, String executionId, long beganAt) {}

  /** What open hands on: the begun check and the search's reply. */
  public record Opened(Begun begun, String found) {}

  @ActivityInterface(namePrefix = "Bench")
  public interface Steps {
    Opened open(String taskId);

    String evaluate(String found);

    void record(Begun begun, String verdict);
  }

  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofMinutes(1))
          .build();

  /** The check's activities as a monitor calls them: its timeouts and retries. */
  static Steps activities() {
    return Workflow.newActivityStub(
        Steps.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofDays(1))
            .setRetryOptions(RETRY)
            .build());
  }

  /** The same as local activities, as a monitor records a check. */
  static Steps localActivities() {
    return Workflow.newLocalActivityStub(
        Steps.class,
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofDays(1))
            .setRetryOptions(RETRY)
            .build());
  }

  /**
   * One bare check, in workflow code: sleeps until {@code dueAtMillis}, opens and evaluates with
   * {@code steps}, records with {@code local}.
   */
  static void check(String taskId, long dueAtMillis, Steps steps, Steps local) {
    long wait = dueAtMillis - Workflow.currentTimeMillis();
    if (wait > 0) {
      Workflow.sleep(Duration.ofMillis(wait));
    }
    Opened opened = steps.open(taskId);
    String verdict = steps.evaluate(opened.found());
    local.record(opened.begun(), verdict);
  }

  public static final class FlowImpl implements Flow {
    private final Steps steps = activities();
    private final Steps local = localActivities();

    @Override
    public void run(String taskId, long dueAtMillis) {
      check(taskId, dueAtMillis, steps, local);
    }
  }

  /** The floor the issue names: activities that do nothing. */
  public static final class NoSteps implements Steps {
    @Override
    public Opened open(String taskId) {
      return new Opened(new Begun(taskId, null, System.currentTimeMillis()), "bench query");
    }

    @Override
    public String evaluate(String found) {
      return found;
    }

    @Override
    public void record(Begun begun, String verdict) {
      DONE.add(new long[] {begun.beganAt(), System.currentTimeMillis()});
    }
  }

  /**
   * Activities a worker registers once and a round replaces: the I/O floor's replay the service's
   * last requests, new each round.
   */
  public static final class SwappableSteps implements Steps {
    private volatile Steps round = new NoSteps();

    void use(Steps steps) {
      round = steps;
    }

    @Override
    public Opened open(String taskId) {
      return round.open(taskId);
    }

    @Override
    public String evaluate(String found) {
      return round.evaluate(found);
    }

    @Override
    public void record(Begun begun, String verdict) {
      round.record(begun, verdict);
    }
  }
}
