package ai.torale.monitor;

import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotifyActivities;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage of one task, in memory, kept the way the service keeps it in PostgreSQL: its
 * executions in the order they began, the outcomes that finished them, and every next run the check
 * activities stored. Activities run on worker threads, so every method is synchronized.
 */
public final class InMemoryMonitorStore implements MonitorStore {
  private static final String DEFAULT_NAME = "New Monitor";

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

    /** A row not finished yet: pending (the API's) or running (a begun check). */
    static Execution unfinished(
        UUID id, CheckTrigger trigger, Instant startedAt, ExecutionStatus status) {
      return new Execution(id, trigger, startedAt, status, null, null, null, false);
    }

    Execution finish(CheckActivities.Outcome outcome, Instant at) {
      return new Execution(
          id,
          trigger,
          startedAt,
          outcome.status(),
          at,
          outcome.result(),
          outcome.errorMessage(),
          outcome.notified());
    }
  }

  /** A next run the activities stored, and when (the check that stored it had just finished). */
  record ScheduledRun(UUID executionId, Instant storedAt, Instant nextRun) {}

  private final Clock clock;
  private final UUID taskId;
  private final UUID userId;
  private final List<NotificationChannel> channels;
  private final String ownerEmail;
  private final String query;
  private final String condition;
  private String name;
  private final Map<UUID, Execution> executions = new LinkedHashMap<>();
  private final List<CheckActivities.Outcome> outcomes = new ArrayList<>();
  private final List<ScheduledRun> scheduledRuns = new ArrayList<>();
  private TaskState state = TaskState.ACTIVE;
  private Instant nextRun;
  private String lastNotifiedAnswer;
  private boolean deleted;
  private int beginsToFail;

  InMemoryMonitorStore(Clock clock, UUID taskId, UUID userId, List<NotificationChannel> channels) {
    this(
        clock,
        taskId,
        userId,
        channels,
        "owner@example.com",
        "Rust 2.0 release",
        "When is Rust 2.0 out?",
        "Rust 2.0 has a release date");
  }

  private InMemoryMonitorStore(
      Clock clock,
      UUID taskId,
      UUID userId,
      List<NotificationChannel> channels,
      String ownerEmail,
      String name,
      String query,
      String condition) {
    this.clock = clock;
    this.taskId = taskId;
    this.userId = userId;
    this.channels = List.copyOf(channels);
    this.ownerEmail = ownerEmail;
    this.name = name;
    this.query = query;
    this.condition = condition;
  }

  /**
   * A new task with the default name, checked for this query and condition, notifying its owner by
   * email.
   */
  public static InMemoryMonitorStore forQuery(String query, String condition) {
    return new InMemoryMonitorStore(
        Clock.systemUTC(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        List.of(NotificationChannel.email("owner@example.org")),
        "owner@example.org",
        DEFAULT_NAME,
        query,
        condition);
  }

  /**
   * A manual run's pending row, as the tasks API stores it before it asks the monitor (the API
   * commits it once the monitor accepts; a cancel before then waits for it).
   */
  synchronized void insertPending(UUID executionId) {
    executions.put(
        executionId,
        Execution.unfinished(
            executionId, CheckTrigger.MANUAL, clock.instant(), ExecutionStatus.PENDING));
  }

  /** The next {@code count} begins fail as storage that cannot be reached does. */
  synchronized void failBegins(int count) {
    beginsToFail = count;
  }

  @Override
  public synchronized CheckActivities.Begun beginExecution(
      CheckActivities.Begin check, Instant startedAt) {
    if (beginsToFail > 0) {
      beginsToFail--;
      throw new IllegalStateException("storage is down");
    }
    UUID executionId = check.executionId();
    CheckTrigger trigger = check.trigger();
    if (deleted || !taskId.equals(check.taskId())) {
      return CheckActivities.Begun.gone();
    }
    Execution existing = executions.get(executionId);
    if (existing == null || existing.status() == ExecutionStatus.PENDING) {
      executions.put(
          executionId,
          Execution.unfinished(executionId, trigger, startedAt, ExecutionStatus.RUNNING));
    }
    List<String> recent =
        executions.values().stream()
            .filter(e -> e.result() != null)
            .map(e -> e.result().answer())
            .toList();
    return CheckActivities.Begun.ready(
        new CheckActivities.TaskSnapshot(
            taskId,
            userId,
            name,
            query,
            condition,
            state,
            channels,
            ownerEmail,
            lastNotifiedAnswer,
            recent.subList(Math.max(0, recent.size() - 3), recent.size()),
            null));
  }

  @Override
  public synchronized CheckActivities.Recorded record(
      CheckActivities.Outcome outcome, Instant completedAt, Reschedule reschedule) {
    finishExecution(outcome, completedAt);
    if (reschedule == null || !scheduleNext(outcome.executionId(), reschedule.nextRun())) {
      return new CheckActivities.Recorded(null, false);
    }
    return new CheckActivities.Recorded(reschedule.nextRun(), reschedule.nextRun() == null);
  }

  private void finishExecution(CheckActivities.Outcome outcome, Instant completedAt) {
    Execution execution = executions.get(outcome.executionId());
    if (execution == null || execution.status().finished()) {
      return;
    }
    executions.put(execution.id(), execution.finish(outcome, completedAt));
    outcomes.add(outcome);
    if (outcome.status() == ExecutionStatus.SUCCESS && outcome.notified()) {
      lastNotifiedAnswer = outcome.result().answer();
    }
    if (outcome.status() == ExecutionStatus.SUCCESS
        && name.equals(DEFAULT_NAME)
        && outcome.result().topic() != null) {
      name = outcome.result().topic();
    }
  }

  @Override
  public synchronized boolean stillRunning(UUID executionId) {
    Execution execution = executions.get(executionId);
    return execution != null && execution.status() == ExecutionStatus.RUNNING;
  }

  private boolean scheduleNext(UUID executionId, Instant next) {
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

  public UUID taskId() {
    return taskId;
  }

  public UUID userId() {
    return userId;
  }

  /** The deliveries the recorded outcomes queued, in the order they came. */
  public synchronized List<NotifyActivities.Delivery> queuedDeliveries() {
    return outcomes.stream().flatMap(o -> o.deliveries().stream()).toList();
  }

  /** The outcomes that finished an execution, in the order they came. */
  public synchronized List<CheckActivities.Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  public synchronized String name() {
    return name;
  }

  synchronized TaskState state() {
    return state;
  }

  public synchronized Instant nextRun() {
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
