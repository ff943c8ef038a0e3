package ai.torale.bench;

import ai.torale.monitor.MonitorWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The long-running I/O floor of the checks scenario: one bare workflow per task that lives as a
 * monitor does, with none of its code. Each waits on a day's timer until a signal makes it due,
 * sleeps until then, runs the check's three activities ({@link BareCheck.Steps}: open and evaluate
 * regular, record local, with the monitor's timeouts and retries), and continues as new after
 * {@link MonitorWorkflowImpl#CHECKS_PER_RUN} checks. What the one-shot floor ({@link BareCheck}) is
 * spared and this one is not is what one workflow per task costs on this server: a run's history
 * growing check by check, runs cached in the worker for as long as they live, the old generation
 * that keeps them.
 */
final class LongCheck {
  static final String TASK_QUEUE = "bench-long-io-floor";

  private LongCheck() {}

  static String workflowId(UUID taskId) {
    return "bench-long-floor-" + taskId;
  }

  @WorkflowInterface
  public interface Flow {
    @WorkflowMethod(name = "BenchLongCheck")
    void run(String taskId);

    /** Due at {@code atMillis}, as the API's resume signal makes a monitor due. */
    @SignalMethod
    void due(long atMillis);
  }

  public static final class FlowImpl implements Flow {
    private static final long NONE = -1;
    private final BareCheck.Steps steps = BareCheck.activities();
    private final BareCheck.Steps local = BareCheck.localActivities();
    private long dueAt = NONE;

    @Override
    public void run(String taskId) {
      for (int checks = 0; checks < MonitorWorkflowImpl.CHECKS_PER_RUN; ) {
        // A monitor waits on a timer for its next run, which the resume signal cuts short.
        Workflow.await(Duration.ofDays(1), () -> dueAt != NONE);
        if (dueAt != NONE) {
          long due = dueAt;
          dueAt = NONE;
          BareCheck.check(taskId, due, steps, local);
          checks++;
        }
      }
      Workflow.continueAsNew(taskId);
    }

    @Override
    public void due(long atMillis) {
      dueAt = atMillis;
    }
  }

  /**
   * The floor's workflows, one per task, and their worker, which lives as long as they do, as the
   * service's does. Its activities are the given round's: {@link #use} swaps them.
   */
  static final class Floor implements AutoCloseable {
    private final WorkflowClient temporal;
    private final List<UUID> tasks;
    private final BareCheck.SwappableSteps steps = new BareCheck.SwappableSteps();
    private final WorkerFactory workers;

    Floor(App app, List<UUID> tasks) {
      this.temporal = app.temporal();
      this.tasks = tasks;
      workers = WorkerFactory.newInstance(temporal, app.capacity().factoryOptions());
      Worker worker = workers.newWorker(TASK_QUEUE, app.capacity().workerOptions());
      worker.registerWorkflowImplementationTypes(FlowImpl.class);
      worker.registerActivitiesImplementations(steps);
      workers.start();
      Parallel.forEach(
          tasks.size(),
          8,
          i ->
              WorkflowClient.start(
                  temporal.newWorkflowStub(
                          Flow.class,
                          WorkflowOptions.newBuilder()
                              .setTaskQueue(TASK_QUEUE)
                              .setWorkflowId(workflowId(tasks.get(i)))
                              .build())
                      ::run,
                  tasks.get(i).toString()));
    }

    /** The activities the next rounds run. */
    void use(BareCheck.Steps round) {
      steps.use(round);
    }

    /**
     * Spreads the workflows over the places of a run, as {@link DueRound#stagger} does the
     * monitors: the i-th is checked i mod the run's length times.
     */
    void stagger() {
      int period = MonitorWorkflowImpl.CHECKS_PER_RUN;
      for (int k = 1; k < period; k++) {
        check(new DueRound.Tasks(tasks).withRemainderAtLeast(period, k).ids(), null);
      }
    }

    /** Every workflow due at one instant, timed as a window named {@code window} (null: not). */
    BareRound check(String window) {
      return check(tasks, window);
    }

    private BareRound check(List<UUID> due, String window) {
      Instant at = Instant.now().plusMillis(3000 + 6L * due.size());
      BareCheck.DONE.clear();
      Parallel.forEach(
          due.size(),
          8,
          i -> temporal.newWorkflowStub(Flow.class, workflowId(due.get(i))).due(at.toEpochMilli()));
      return BareRound.await(at, due.size(), window == null ? TASK_QUEUE : window);
    }

    @Override
    public void close() {
      workers.shutdownNow();
    }
  }
}
