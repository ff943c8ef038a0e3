package ai.torale.monitor;

import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.search.ProviderFailure;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The storage side of a check: open its execution, record how it ended and when the next one is
 * due.
 */
@ActivityInterface
public interface CheckActivities {

  /**
   * Marks the execution running (creating it if the caller did not) and reads the task as it is
   * now.
   */
  @ActivityMethod(name = "BeginCheck")
  Begun beginCheck(Begin input);

  /** Stores the outcome, decides the next run by the scheduling policy, and returns it. */
  @ActivityMethod(name = "RecordOutcome")
  Recorded recordOutcome(Outcome input);

  record Begin(UUID taskId, UUID executionId, CheckTrigger trigger, Instant plannedAt) {}

  /**
   * {@code task} is null when the task no longer exists; the monitor then ends. {@code abandoned}:
   * a manual run whose request was rolled back (the API could not confirm it), so it must not run.
   */
  record Begun(TaskSnapshot task, boolean abandoned) {
    public static Begun ready(TaskSnapshot task) {
      return new Begun(task, false);
    }

    public static Begun gone() {
      return new Begun(null, false);
    }

    public static Begun abandonedRun() {
      return new Begun(null, true);
    }

    public boolean taskExists() {
      return task != null || abandoned;
    }
  }

  /**
   * The task as a check needs it, read at the start of that check so edits take effect at once.
   * {@code consecutiveFailures}: as stored, so a monitor rebuilt after a restart counts on (null in
   * results recorded before it was stored).
   */
  record TaskSnapshot(
      UUID taskId,
      UUID userId,
      String name,
      String query,
      String condition,
      TaskState state,
      List<NotificationChannel> notifications,
      String ownerEmail,
      String lastNotifiedAnswer,
      List<String> recentAnswers,
      Integer consecutiveFailures) {}

  /**
   * How a check ended; built by {@link #success}, {@link #failed} or {@link #cancelled}. {@code
   * reschedule} is false for a manual run of a task that is not active: it changes neither state
   * nor schedule. {@code goalReached}: the judge said the condition holds for good (no next run).
   * {@code failureType}: the Temporal failure type of a failed check. {@code deliveries}: what the
   * check tells the owner, one per channel; recorded with the outcome, so the obligation is durable
   * before any is sent.
   */
  record Outcome(
      UUID taskId,
      UUID executionId,
      ExecutionStatus status,
      CheckResult result,
      String errorMessage,
      String internalError,
      int consecutiveFailures,
      boolean reschedule,
      boolean goalReached,
      boolean notified,
      String taskName,
      String failureType,
      List<Delivery> deliveries) {

    public Outcome {
      deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
    }

    public static Outcome success(
        UUID taskId,
        UUID executionId,
        CheckResult result,
        boolean reschedule,
        boolean goalReached,
        boolean notified,
        String taskName,
        List<Delivery> deliveries) {
      return new Outcome(
          taskId,
          executionId,
          ExecutionStatus.SUCCESS,
          result,
          null,
          null,
          0,
          reschedule,
          goalReached,
          notified,
          taskName,
          null,
          deliveries);
    }

    /** {@code errorMessage} is for the task's owner, {@code internalError} for operators only. */
    public static Outcome failed(
        UUID taskId,
        UUID executionId,
        String errorMessage,
        String internalError,
        String failureType,
        int consecutiveFailures,
        boolean reschedule,
        String taskName,
        List<Delivery> deliveries) {
      return new Outcome(
          taskId,
          executionId,
          ExecutionStatus.FAILED,
          null,
          errorMessage,
          internalError,
          consecutiveFailures,
          reschedule,
          false,
          false,
          taskName,
          failureType,
          deliveries);
    }

    /** A check a forced run replaced; it changes neither state nor schedule. */
    public static Outcome cancelled(
        UUID taskId, UUID executionId, String reason, int consecutiveFailures) {
      return new Outcome(
          taskId,
          executionId,
          ExecutionStatus.CANCELLED,
          null,
          reason,
          null,
          consecutiveFailures,
          false,
          false,
          false,
          null,
          null,
          List.of());
    }

    /**
     * Whether a check that failed with this failure type was postponed by a spent daily check
     * budget: it waits for the budget to refill and says nothing about the task's health.
     */
    public static boolean postponedBy(String failureType) {
      return ProviderFailure.BUDGET_EXHAUSTED.name().equals(failureType);
    }

    public boolean postponed() {
      return status == ExecutionStatus.FAILED && postponedBy(failureType);
    }
  }

  /**
   * The next run the scheduling policy decided and storage now holds; the monitor adopts it. {@code
   * nextRun} is null when the task is now completed, or when the task was no longer active and
   * nothing was stored. {@code held}: the deliveries the monitor must not send (held for a digest
   * or quiet hours).
   */
  record Recorded(Instant nextRun, boolean taskCompleted, List<UUID> held) {
    public Recorded {
      // Null in results recorded before deliveries could be held.
      held = held == null ? List.of() : List.copyOf(held);
    }

    public Recorded(Instant nextRun, boolean taskCompleted) {
      this(nextRun, taskCompleted, List.of());
    }

    /**
     * The same, with the ids of the deliveries storage holds (a digest's, or quiet hours'): the
     * owner's digest workflow sends those, the monitor does not.
     */
    public Recorded withHeld(List<UUID> ids) {
      return new Recorded(nextRun, taskCompleted, ids);
    }
  }
}
