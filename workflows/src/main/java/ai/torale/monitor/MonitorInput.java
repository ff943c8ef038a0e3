package ai.torale.monitor;

import java.time.Instant;
import java.util.UUID;

/**
 * What a monitor run starts from, and what it carries across continue-as-new: the task, its schedule and the
 * little state the loop needs. Everything else about the task is read from storage at check time.
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
    boolean searchAttributes) {

  /** {@code searchAttributes}: the namespace has Torale's search attributes registered, so they are kept current. */
  public static MonitorInput start(UUID taskId, UUID userId, TaskState state, Instant nextRun,
      boolean searchAttributes) {
    return new MonitorInput(taskId, userId, state, nextRun, 0, null, 0, null, searchAttributes);
  }

  public MonitorInput withPendingRun(RunNowRequest run) {
    return new MonitorInput(
        taskId, userId, state, nextRun, consecutiveFailures, lastNotifiedDigest, checksRun, run, searchAttributes);
  }
}
