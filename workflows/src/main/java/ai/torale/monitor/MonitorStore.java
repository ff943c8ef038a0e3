package ai.torale.monitor;

import java.time.Instant;
import java.util.UUID;

/** The storage the check activities need; implemented by the service on PostgreSQL. */
public interface MonitorStore {

  /**
   * Marks the execution running and returns the task as it is now. A scheduled check's execution is
   * created here; a manual one's was created by the API, and when it is not there (the request was
   * rolled back) the run is abandoned. Answers {@link CheckActivities.Begun#gone()} when the task
   * no longer exists.
   */
  CheckActivities.Begun beginExecution(CheckActivities.Begin check, Instant startedAt);

  /**
   * In one transaction: finishes the execution row (idempotent, so a retried activity changes
   * nothing twice); for a success, moves the task's last known state and renames a task still
   * called "New Monitor" after the check's topic, unless its owner has a task of that name; keeps
   * the task's count of failures in a row; applies {@code reschedule} (null: the schedule stays) if
   * the task is still active; and stores the outcome's deliveries as outstanding obligations (each
   * once, whatever the retries), their next run set to the one stored.
   */
  CheckActivities.Recorded record(
      CheckActivities.Outcome outcome, Instant completedAt, Reschedule reschedule);

  /** The task's next run after a check; {@code nextRun} null completes the task. */
  record Reschedule(Instant nextRun) {}

  /**
   * Whether the execution is still running: false once it finished, was cancelled, or when there is
   * none.
   */
  boolean stillRunning(UUID executionId);
}
