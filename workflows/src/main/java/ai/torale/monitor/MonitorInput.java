package ai.torale.monitor;

import java.time.Instant;
import java.util.UUID;

/**
 * The monitor's durable state: what a run starts from, what the workflow keeps current as one
 * value, and what it hands whole to the next run at continue-as-new. Everything else a run holds
 * (the check in flight, deliveries in flight) ends with the run; everything else about the task is
 * read from storage at check time.
 *
 * <p>{@code searchAttributes}: the namespace has Torale's search attributes registered, so they are
 * kept current. {@code lastNotifiedDigest}: the {@link AnswerDigest} of the last answer sent, so
 * news is told once. {@code resumeDeliveries}: the run starts by resuming the task's deliveries
 * still owed in storage (a monitor rebuilt after a restart, or a run that ended with deliveries in
 * flight).
 */
public record MonitorInput(
    UUID taskId,
    UUID userId,
    TaskState state,
    Instant nextRun,
    int consecutiveFailures,
    String lastNotifiedDigest,
    long checksRun,
    RunNowRequest pendingRun,
    boolean searchAttributes,
    boolean resumeDeliveries) {

  /** A new task's monitor: nothing owed yet. */
  public static MonitorInput start(
      UUID taskId, UUID userId, TaskState state, Instant nextRun, boolean searchAttributes) {
    return new MonitorInput(
        taskId, userId, state, nextRun, 0, null, 0, null, searchAttributes, false);
  }

  /**
   * A monitor rebuilt from storage (after a restart, or for a lost workflow): it carries on from
   * the stored count of failures in a row and resumes the deliveries still owed.
   */
  public static MonitorInput rebuilt(
      UUID taskId,
      UUID userId,
      TaskState state,
      Instant nextRun,
      int consecutiveFailures,
      boolean searchAttributes) {
    return new MonitorInput(
        taskId, userId, state, nextRun, consecutiveFailures, null, 0, null, searchAttributes, true);
  }

  public MonitorInput withPendingRun(RunNowRequest run) {
    return new MonitorInput(
        taskId,
        userId,
        state,
        nextRun,
        consecutiveFailures,
        lastNotifiedDigest,
        checksRun,
        run,
        searchAttributes,
        resumeDeliveries);
  }

  /** The task's state and next run; a task that is not active may have none. */
  MonitorInput withSchedule(TaskState newState, Instant newNextRun) {
    return new MonitorInput(
        taskId,
        userId,
        newState,
        newNextRun,
        consecutiveFailures,
        lastNotifiedDigest,
        checksRun,
        pendingRun,
        searchAttributes,
        resumeDeliveries);
  }

  MonitorInput withNextRun(Instant at) {
    return withSchedule(state, at);
  }

  MonitorInput withConsecutiveFailures(int failures) {
    return new MonitorInput(
        taskId,
        userId,
        state,
        nextRun,
        failures,
        lastNotifiedDigest,
        checksRun,
        pendingRun,
        searchAttributes,
        resumeDeliveries);
  }

  /** The owner was told this answer: the same news is not sent again. */
  MonitorInput notified(String digest) {
    return new MonitorInput(
        taskId,
        userId,
        state,
        nextRun,
        consecutiveFailures,
        digest,
        checksRun,
        pendingRun,
        searchAttributes,
        resumeDeliveries);
  }

  /** One more check ran, whatever its end. */
  MonitorInput counted() {
    return new MonitorInput(
        taskId,
        userId,
        state,
        nextRun,
        consecutiveFailures,
        lastNotifiedDigest,
        checksRun + 1,
        pendingRun,
        searchAttributes,
        resumeDeliveries);
  }

  /** Whether the run resumes the deliveries still owed before anything else. */
  MonitorInput withResumeDeliveries(boolean resume) {
    return new MonitorInput(
        taskId,
        userId,
        state,
        nextRun,
        consecutiveFailures,
        lastNotifiedDigest,
        checksRun,
        pendingRun,
        searchAttributes,
        resume);
  }
}
