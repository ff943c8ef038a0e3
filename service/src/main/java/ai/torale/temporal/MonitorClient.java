package ai.torale.temporal;

import ai.torale.monitor.CheckAlreadyRunning;
import ai.torale.monitor.MonitorInput;
import ai.torale.monitor.MonitorSearchAttributes;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.RunNowRequest;
import ai.torale.monitor.TaskState;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's handle on task monitors. Every call either reaches Temporal or throws {@link
 * SchedulerUnavailable}, so a caller inside a database transaction rolls back and the two never
 * drift apart. Calls that find no monitor where one should run start it (signal-with-start), which
 * also repairs lost workflows.
 */
public final class MonitorClient {
  private static final Logger log = LoggerFactory.getLogger(MonitorClient.class);

  private final WorkflowClient client;
  private final Duration updateTimeout;
  private final boolean searchAttributes;
  private final ExecutorService updates =
      Executors.newCachedThreadPool(Thread.ofPlatform().name("torale-run-now").daemon().factory());

  /** {@code searchAttributes}: Torale's search attributes are registered on the namespace. */
  public MonitorClient(WorkflowClient client, Duration updateTimeout, boolean searchAttributes) {
    this.client = client;
    this.updateTimeout = updateTimeout;
    this.searchAttributes = searchAttributes;
  }

  /**
   * Starts a new task's monitor: nothing is owed yet. Already running (a retried request) is fine.
   */
  public void startNew(MonitoredTask task) {
    start(
        task,
        MonitorInput.start(
            task.id(),
            task.userId(),
            task.state(),
            nextRunOf(task, task.nextRun()),
            searchAttributes));
  }

  /**
   * Starts the task's monitor unless one is already running (then it is left alone); a monitor
   * started here is rebuilt from storage and first resumes the deliveries still owed. With {@code
   * pendingRun}, an accepted run storage still holds, a running monitor is asked to take it (a busy
   * one refuses; the next pass asks again): a run only a lost monitor could have had comes back
   * with the monitor, and one no monitor ever had (a request answered as if one had) is not left
   * pending for good. A running monitor that does not answer within the update timeout (no worker
   * polls) is asked again by the next pass; failing this one instead left the rest of it undone.
   */
  public void ensureRunning(MonitoredTask task, RunNowRequest pendingRun) {
    if (pendingRun == null) {
      start(task, inputFor(task, task.nextRun()));
      return;
    }
    if (startedWith(task, pendingRun)) {
      return;
    }
    try {
      handOver(task, pendingRun);
    } catch (CheckAlreadyRunning e) {
      // A check runs, or a run waits (this one, or one accepted after it).
    } catch (NoAnswer e) {
      log.info(
          "The monitor of task {} did not take run {} within {} (is a worker polling?); the next"
              + " pass asks again",
          task.id(),
          pendingRun.executionId(),
          updateTimeout);
    }
  }

  private void start(MonitoredTask task, MonitorInput input) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder(optionsFor(task))
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .build();
    call(() ->
        WorkflowClient.start(
            client.newWorkflowStub(MonitorWorkflow.class, options)::monitor, input));
  }

  public void pause(MonitoredTask paused) {
    signalWithStart(paused, paused.nextRun(), MonitorWorkflow::pause);
  }

  public void resume(MonitoredTask resumed) {
    signalWithStart(resumed, resumed.nextRun(), w -> w.resume(resumed.nextRun()));
  }

  public void reschedule(MonitoredTask task) {
    signalWithStart(task, task.nextRun(), w -> w.reschedule(task.nextRun()));
  }

  /** Tells the monitor to resume the deliveries it owes; a lost monitor comes back to do it. */
  public void resumeDeliveries(MonitoredTask task) {
    signalWithStart(task, task.nextRun(), MonitorWorkflow::resumeDeliveries);
  }

  /** Ends the monitor; one that is already gone is fine. */
  public void complete(UUID taskId) {
    orIfMissing(
        () ->
            client
                .newWorkflowStub(MonitorWorkflow.class, MonitorWorkflow.workflowId(taskId))
                .complete(),
        () -> {});
  }

  /**
   * Asks the monitor for a manual check. A busy monitor refuses ({@link CheckAlreadyRunning})
   * unless forced; a task without a running monitor (completed, or lost) gets a run that does just
   * this check in its current state.
   *
   * <p>"Not found" is not proof that no monitor runs: an update addressed by workflow id reaches
   * the run that is current when the server looks, and a run that continues as new just then
   * answers "workflow execution already completed" while its successor runs. So the run is started
   * only where none runs (a start that finds one running fails), and otherwise asked of the run
   * that runs now, until one takes it or the update timeout passes; starting it "unless one runs"
   * instead answered 200 for a run no monitor ever had, left pending for good.
   */
  public void runNow(MonitoredTask task, RunNowRequest request) {
    try {
      handOver(task, request);
    } catch (NoAnswer e) {
      throw new SchedulerUnavailable();
    }
  }

  private void handOver(MonitoredTask task, RunNowRequest request) {
    long deadline = System.nanoTime() + updateTimeout.toNanos();
    while (true) {
      boolean missing =
          call(() -> {
            try {
              awaitAccepted(task.id(), request);
              return false;
            } catch (WorkflowUpdateException e) {
              if (e.getCause() instanceof ApplicationFailure failure
                  && CheckAlreadyRunning.TYPE.equals(failure.getType())) {
                throw new CheckAlreadyRunning();
              }
              throw e;
            } catch (WorkflowException e) {
              if (!CurrentRun.notFound(e)) {
                throw e;
              }
              return true;
            }
          });
      if (!missing || startedWith(task, request)) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new NoAnswer();
      }
      waitBeforeAskingAgain();
    }
  }

  /**
   * Between two rounds of a run now that met a closing run, so a server that keeps answering "not
   * found" is not asked in a tight loop until the update timeout.
   */
  private static void waitBeforeAskingAgain() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchedulerUnavailable();
    }
  }

  /**
   * Starts a monitor that carries {@code request}, unless one runs: false when one does (the
   * request is then the running one's to take).
   */
  private boolean startedWith(MonitoredTask task, RunNowRequest request) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder(optionsFor(task))
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .build();
    MonitorInput input = inputFor(task, task.nextRun()).withPendingRun(request);
    return call(() -> {
      try {
        WorkflowClient.start(
            client.newWorkflowStub(MonitorWorkflow.class, options)::monitor, input);
        return true;
      } catch (WorkflowExecutionAlreadyStarted e) {
        return false;
      }
    });
  }

  /**
   * The update needs a worker to run its validator; with no worker polling it would wait
   * indefinitely, so the wait is bounded: a monitor that does not answer in time is {@link
   * NoAnswer} ("Scheduler unavailable" to the API).
   */
  private void awaitAccepted(UUID taskId, RunNowRequest request) {
    WorkflowStub stub = client.newUntypedWorkflowStub(MonitorWorkflow.workflowId(taskId));
    CompletableFuture<Void> accepted =
        CompletableFuture.runAsync(
            // A rejected update comes back as an outcome on the handle; getResult() throws it.
            () ->
                stub.startUpdate("runNow", WorkflowUpdateStage.ACCEPTED, UUID.class, request)
                    .getResult(),
            updates);
    try {
      accepted.get(updateTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      accepted.cancel(true);
      throw new NoAnswer();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchedulerUnavailable();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new SchedulerUnavailable();
    }
  }

  /** Stops the monitor for good (the task is deleted); one that is already gone is fine. */
  public void remove(UUID taskId) {
    orIfMissing(
        () ->
            client
                .newUntypedWorkflowStub(MonitorWorkflow.workflowId(taskId))
                .terminate("task deleted"),
        () -> {});
  }

  /**
   * Runs {@code rpc} against the monitor; when there is no such monitor, runs {@code missing}
   * instead.
   */
  private static void orIfMissing(Runnable rpc, Runnable missing) {
    call(() -> {
      try {
        CurrentRun.call(() -> {
          rpc.run();
          return null;
        });
      } catch (WorkflowException e) {
        if (!CurrentRun.notFound(e)) {
          throw e;
        }
        missing.run();
      }
      return null;
    });
  }

  private void signalWithStart(
      MonitoredTask task, Instant nextRun, Consumer<MonitorWorkflow> signal) {
    MonitorInput input = inputFor(task, nextRun);
    call(() ->
        CurrentRun.call(() -> {
          MonitorWorkflow stub = client.newWorkflowStub(MonitorWorkflow.class, optionsFor(task));
          BatchRequest batch = client.newSignalWithStartRequest();
          batch.add(stub::monitor, input);
          batch.add(() -> signal.accept(stub));
          return client.signalWithStart(batch);
        }));
  }

  /**
   * The input of a monitor rebuilt from storage: when it has to be started (it was lost, or the
   * embedded server restarted), it resumes the deliveries still owed; the stored count of failures
   * in a row reaches it with its first check.
   */
  private MonitorInput inputFor(MonitoredTask task, Instant nextRun) {
    return MonitorInput.rebuilt(
        task.id(), task.userId(), task.state(), nextRunOf(task, nextRun), 0, searchAttributes);
  }

  private static Instant nextRunOf(MonitoredTask task, Instant nextRun) {
    return task.state() == TaskState.ACTIVE ? nextRun : null;
  }

  /**
   * What an operator sees in the Temporal UI: the task's name and question, its owner, its state.
   */
  private WorkflowOptions optionsFor(MonitoredTask task) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(MonitorWorkflow.workflowId(task.id()))
            .setTaskQueue(MonitorWorkflow.TASK_QUEUE)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary(task.name())
            .setStaticDetails(
                "Query: " + task.searchQuery() + "\nCondition: " + task.conditionDescription())
            .setMemo(Map.of("task_id", task.id().toString(), "user_id", task.userId().toString()));
    if (searchAttributes) {
      options.setTypedSearchAttributes(
          MonitorSearchAttributes.initial(
              task.id(),
              task.userId(),
              task.state(),
              task.state() == TaskState.ACTIVE ? task.nextRun() : null));
    }
    return options.build();
  }

  private static <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (SchedulerUnavailable | CheckAlreadyRunning e) {
      throw e;
    } catch (WorkflowException | StatusRuntimeException e) {
      throw new SchedulerUnavailable();
    } catch (RuntimeException e) {
      if (CurrentRun.statusOf(e).isPresent()) {
        throw new SchedulerUnavailable();
      }
      throw e;
    }
  }

  /**
   * No monitor took an update within the update timeout: the running one did not answer, or every
   * run asked was closing.
   */
  private static final class NoAnswer extends RuntimeException {
    NoAnswer() {
      super("The monitor did not answer in time", null, false, false);
    }
  }
}
