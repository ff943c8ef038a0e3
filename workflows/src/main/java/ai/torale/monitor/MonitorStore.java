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
   * Finishes the execution row; idempotent, so a retried activity changes nothing twice. A success
   * also renames a task still called "New Monitor" after the check's topic, unless its owner has a
   * task of that name.
   */
  void finishExecution(CheckActivities.Outcome outcome, Instant completedAt);

  /**
   * Stores the task's next run (and state {@code completed} when {@code nextRun} is null) if the
   * task is still active. Returns false when the task is not active any more, in which case nothing
   * is changed.
   */
  boolean scheduleNext(UUID taskId, UUID executionId, Instant nextRun);

  /**
   * Whether the execution is still running: false once it finished, was cancelled, or when there is
   * none.
   */
  boolean stillRunning(UUID executionId);
}
