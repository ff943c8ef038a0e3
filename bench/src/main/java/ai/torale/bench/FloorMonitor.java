package ai.torale.bench;

import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.UUID;

/**
 * The workflow the write floors start and signal: a monitor's shape with none of its code. It waits
 * for a signal or a timer an hour on (so no timer fires inside a measured phase), on its own task
 * queue of a worker with the SDK's default options, as the service's.
 */
final class FloorMonitor {
  static final String TASK_QUEUE = "bench-floor-monitor";

  private FloorMonitor() {}

  static String workflowId(UUID taskId) {
    return "bench-floor-" + taskId;
  }

  /** As many fields as the monitor's input, so the payload is comparable. */
  public record Input(
      UUID taskId,
      UUID userId,
      String state,
      Long nextRunMillis,
      int consecutiveFailures,
      String lastNotifiedDigest,
      long checksRun,
      String pendingRun,
      boolean searchAttributes,
      boolean resumeDeliveries) {}

  @WorkflowInterface
  public interface Flow {
    @WorkflowMethod(name = "BenchFloorMonitor")
    void run(Input input);

    @SignalMethod
    void state(String state);
  }

  public static final class FlowImpl implements Flow {
    private String state;
    private boolean changed;

    @Override
    public void run(Input input) {
      state = input.state();
      while (!"completed".equals(state)) {
        changed = false;
        Workflow.await(Duration.ofHours(1), () -> changed);
      }
    }

    @Override
    public void state(String state) {
      this.state = state;
      changed = true;
    }
  }

  /** The floor's worker, started after the service's Temporal connection. */
  static final class Worker implements Managed {
    private final WorkflowClient client;
    private WorkerFactory factory;

    Worker(WorkflowClient client) {
      this.client = client;
    }

    @Override
    public void start() {
      factory = WorkerFactory.newInstance(client);
      factory.newWorker(TASK_QUEUE).registerWorkflowImplementationTypes(FlowImpl.class);
      factory.start();
    }

    @Override
    public void stop() {
      factory.shutdownNow();
    }
  }
}
