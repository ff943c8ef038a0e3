package ai.torale.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.common.RetryOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The floor of the checks scenario: a bare workflow that waits for a timer, then runs four no-op activities
 * in a row (begin, search, evaluate, record), in the monitor's shape: begin and record local, search and
 * evaluate regular, with the monitor's timeouts and retries, on the same server.
 */
final class BareCheck {
  static final String TASK_QUEUE = "bench-floor";
  /** [begin ms, record ms] of every bare check, as the activities saw the clock. */
  static final Queue<long[]> DONE = new ConcurrentLinkedQueue<>();

  private BareCheck() {}

  /** A worker for the bare workflows on their own task queue, with the SDK's default options (as the service's). */
  static WorkerFactory startWorker(WorkflowClient temporal) {
    WorkerFactory workers = WorkerFactory.newInstance(temporal);
    Worker worker = workers.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(FlowImpl.class);
    worker.registerActivitiesImplementations(new StepsImpl());
    workers.start();
    return workers;
  }

  @WorkflowInterface
  public interface Flow {
    @WorkflowMethod(name = "BenchBareCheck")
    void run(long dueAtMillis);
  }

  @ActivityInterface(namePrefix = "Bench")
  public interface Steps {
    long begin();

    String search(String query);

    String evaluate(String found);

    void record(long beganAt);
  }

  public static final class FlowImpl implements Flow {
    private static final RetryOptions RETRY = RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
        .setMaximumInterval(Duration.ofMinutes(1)).build();
    private final Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setScheduleToCloseTimeout(Duration.ofDays(1))
        .setRetryOptions(RETRY)
        .build());
    private final Steps local = Workflow.newLocalActivityStub(Steps.class, LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setScheduleToCloseTimeout(Duration.ofDays(1))
        .setRetryOptions(RETRY)
        .build());

    @Override
    public void run(long dueAtMillis) {
      long wait = dueAtMillis - Workflow.currentTimeMillis();
      if (wait > 0) {
        Workflow.sleep(Duration.ofMillis(wait));
      }
      long began = local.begin();
      String found = steps.search("bench query");
      steps.evaluate(found);
      local.record(began);
    }
  }

  public static final class StepsImpl implements Steps {
    @Override
    public long begin() {
      return System.currentTimeMillis();
    }

    @Override
    public String search(String query) {
      return query;
    }

    @Override
    public String evaluate(String found) {
      return found;
    }

    @Override
    public void record(long beganAt) {
      DONE.add(new long[] {beganAt, System.currentTimeMillis()});
    }
  }
}
