package ai.torale.monitor;

import ai.torale.notify.NotificationChannel;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The storage side of a check: open its execution, record how it ended and when the next one is due. */
@ActivityInterface
public interface CheckActivities {

  /** Marks the execution running (creating it if the caller did not) and reads the task as it is now. */
  @ActivityMethod(name = "BeginCheck")
  Begun beginCheck(Begin input);

  /** Stores the outcome, decides the next run by the scheduling policy, and returns it. */
  @ActivityMethod(name = "RecordOutcome")
  Recorded recordOutcome(Outcome input);

  record Begin(UUID taskId, UUID executionId, CheckTrigger trigger, Instant plannedAt) {}

  /**
   * {@code task} is null when the task no longer exists; the monitor then ends. {@code abandoned}: a manual run
   * whose request was rolled back (the API could not confirm it), so it must not run.
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

  /** The task as a check needs it, read at the start of that check so edits take effect at once. */
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
      List<String> recentAnswers) {}

  /**
   * How a check ended. {@code reschedule} is false for a manual run of a task that is not active: it changes
   * neither state nor schedule. {@code goalReached}: the judge said the condition holds for good (no next run).
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
      String failureType) {}

  /** {@code nextRun} is null when the task is now completed. */
  record Recorded(Instant nextRun, boolean taskCompleted) {}
}
