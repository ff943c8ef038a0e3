package ai.torale.search;

import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.MonitorStore;
import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One task in memory, kept the way the service keeps it in PostgreSQL, for workflow tests. */
public final class InMemoryMonitorStore implements MonitorStore {
  public final UUID taskId = UUID.randomUUID();
  public final UUID userId = UUID.randomUUID();
  private final String query;
  private final String condition;
  private String name = "New Monitor";
  private TaskState state = TaskState.ACTIVE;
  private Instant nextRun;
  private String lastNotifiedAnswer;
  private final List<String> answers = new ArrayList<>();
  private final Map<UUID, CheckActivities.Outcome> outcomes = new LinkedHashMap<>();

  public InMemoryMonitorStore(String query, String condition) {
    this.query = query;
    this.condition = condition;
  }

  @Override
  public synchronized CheckActivities.Begun beginExecution(CheckActivities.Begin check, Instant startedAt) {
    return CheckActivities.Begun.ready(new CheckActivities.TaskSnapshot(check.taskId(), userId, name, query, condition, state,
        List.of(NotificationChannel.email("owner@example.org")), "owner@example.org", lastNotifiedAnswer,
        List.copyOf(answers)));
  }

  @Override
  public synchronized void finishExecution(CheckActivities.Outcome outcome, Instant completedAt) {
    if (outcomes.putIfAbsent(outcome.executionId(), outcome) != null) {
      return;
    }
    if (outcome.status() == ExecutionStatus.SUCCESS) {
      answers.add(outcome.result().answer());
      if (name.equals("New Monitor") && outcome.result().topic() != null) {
        name = outcome.result().topic();
      }
      if (outcome.notified()) {
        lastNotifiedAnswer = outcome.result().answer();
      }
    }
  }

  @Override
  public synchronized boolean scheduleNext(UUID taskId, UUID executionId, Instant next) {
    if (state != TaskState.ACTIVE) {
      return false;
    }
    nextRun = next;
    if (next == null) {
      state = TaskState.COMPLETED;
    }
    return true;
  }

  public synchronized List<CheckActivities.Outcome> outcomes() {
    return List.copyOf(outcomes.values());
  }

  public synchronized Instant nextRun() {
    return nextRun;
  }

  public synchronized String name() {
    return name;
  }
}
