package ai.torale.monitor;

import ai.torale.notify.NotificationChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage of one task, in memory: its executions in the order they began and every next run the check
 * activities stored. Activities run on worker threads, so every method is synchronized.
 */
final class InMemoryMonitorStore implements MonitorStore {

  /** One row of the executions table as far as the monitor moves it. */
  record Execution(
      UUID id,
      CheckTrigger trigger,
      Instant startedAt,
      ExecutionStatus status,
      Instant completedAt,
      CheckResult result,
      String errorMessage,
      boolean notified) {

    Execution finish(CheckActivities.Outcome outcome, Instant at) {
      return new Execution(id, trigger, startedAt, outcome.status(), at, outcome.result(), outcome.errorMessage(),
          outcome.notified());
    }
  }

  /** A next run the activities stored, and when (the check that stored it had just finished). */
  record ScheduledRun(UUID executionId, Instant storedAt, Instant nextRun) {}

  private final Clock clock;
  private final UUID taskId;
  private final UUID userId;
  private final List<NotificationChannel> channels;
  private final Map<UUID, Execution> executions = new LinkedHashMap<>();
  private final List<ScheduledRun> scheduledRuns = new ArrayList<>();
  private TaskState state = TaskState.ACTIVE;
  private Instant nextRun;
  private String lastNotifiedAnswer;
  private boolean deleted;

  InMemoryMonitorStore(Clock clock, UUID taskId, UUID userId, List<NotificationChannel> channels) {
    this.clock = clock;
    this.taskId = taskId;
    this.userId = userId;
    this.channels = List.copyOf(channels);
  }

  @Override
  public synchronized CheckActivities.Begun beginExecution(CheckActivities.Begin check, Instant startedAt) {
    UUID executionId = check.executionId();
    CheckTrigger trigger = check.trigger();
    if (deleted || !taskId.equals(check.taskId())) {
      return CheckActivities.Begun.gone();
    }
    executions.putIfAbsent(executionId,
        new Execution(executionId, trigger, startedAt, ExecutionStatus.RUNNING, null, null, null, false));
    List<String> recent = executions.values().stream()
        .filter(e -> e.result() != null)
        .map(e -> e.result().answer())
        .toList();
    return CheckActivities.Begun.ready(new CheckActivities.TaskSnapshot(taskId, userId, "Rust 2.0 release", "When is Rust 2.0 out?",
        "Rust 2.0 has a release date", state, channels, "owner@example.com", lastNotifiedAnswer,
        recent.subList(Math.max(0, recent.size() - 3), recent.size())));
  }

  @Override
  public synchronized void finishExecution(CheckActivities.Outcome outcome, Instant completedAt) {
    Execution execution = executions.get(outcome.executionId());
    if (execution == null || execution.status().finished()) {
      return;
    }
    executions.put(execution.id(), execution.finish(outcome, completedAt));
    if (outcome.status() == ExecutionStatus.SUCCESS && outcome.notified()) {
      lastNotifiedAnswer = outcome.result().answer();
    }
  }

  @Override
  public synchronized boolean scheduleNext(UUID task, UUID executionId, Instant next) {
    if (state != TaskState.ACTIVE) {
      return false;
    }
    scheduledRuns.add(new ScheduledRun(executionId, clock.instant(), next));
    nextRun = next;
    if (next == null) {
      state = TaskState.COMPLETED;
    }
    return true;
  }

  /** What the tasks API does to the row before it signals the monitor. */
  synchronized void setState(TaskState newState) {
    state = newState;
  }

  synchronized void delete() {
    deleted = true;
  }

  synchronized TaskState state() {
    return state;
  }

  synchronized Instant nextRun() {
    return nextRun;
  }

  synchronized List<Execution> executions() {
    return List.copyOf(executions.values());
  }

  synchronized Optional<Execution> execution(UUID id) {
    return Optional.ofNullable(executions.get(id));
  }

  synchronized List<ScheduledRun> scheduledRuns() {
    return List.copyOf(scheduledRuns);
  }

  synchronized long finishedCount() {
    return executions.values().stream().filter(e -> e.status().finished()).count();
  }
}
