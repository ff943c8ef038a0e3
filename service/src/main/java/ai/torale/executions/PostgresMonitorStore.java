package ai.torale.executions;

import ai.torale.auth.UserDao;
import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckResult;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.MonitorStore;
import ai.torale.notify.NotificationChannel;
import ai.torale.tasks.Task;
import ai.torale.tasks.TaskDao;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The check activities' storage on PostgreSQL: executions, and the task fields a check moves. */
public final class PostgresMonitorStore implements MonitorStore {
  static final int RECENT_ANSWERS = 3;
  private static final String DEFAULT_NAME_PATTERN = "^New Monitor( [0-9]+)?$";

  private final Jdbi jdbi;
  private final ObjectMapper mapper;
  private final NotificationTargets targets;

  public PostgresMonitorStore(Jdbi jdbi, ObjectMapper mapper, NotificationTargets targets) {
    this.jdbi = jdbi;
    this.mapper = mapper;
    this.targets = targets;
  }

  @Override
  public CheckActivities.Begun beginExecution(CheckActivities.Begin check, Instant startedAt) {
    try {
      return begin(check, startedAt);
    } catch (AbandonedRun e) {
      return CheckActivities.Begun.abandonedRun();
    }
  }

  private CheckActivities.Begun begin(CheckActivities.Begin check, Instant startedAt) {
    UUID taskId = check.taskId();
    UUID executionId = check.executionId();
    return jdbi.inTransaction(h -> {
      Optional<Task> found = new TaskDao(h).find(taskId);
      if (found.isEmpty()) {
        return CheckActivities.Begun.gone();
      }
      Task task = found.get();
      ExecutionDao executions = new ExecutionDao(h);
      // Waits for the API's transaction that created a manual run's row; a row created here for a manual run
      // means that transaction rolled back (Temporal accepted the run, the API answered 503): do not run it.
      Optional<Boolean> created = executions.markRunning(executionId, taskId, check.trigger(), startedAt);
      if (created.isEmpty() || created.get() && check.trigger() == CheckTrigger.MANUAL) {
        throw new AbandonedRun();
      }
      h.createUpdate("UPDATE tasks SET last_execution_id = :execution WHERE id = :task")
          .bind("execution", executionId).bind("task", taskId).execute();
      String ownerEmail = new UserDao(h).find(task.userId()).map(u -> u.email()).orElse(null);
      String lastNotified = h.createQuery("SELECT last_notified_answer FROM tasks WHERE id = :id")
          .bind("id", taskId).mapTo(String.class).findOne().orElse(null);
      List<String> recent = new java.util.ArrayList<>(
          executions.recentAnswers(taskId, executionId, RECENT_ANSWERS));
      Collections.reverse(recent);
      return CheckActivities.Begun.ready(new CheckActivities.TaskSnapshot(
          task.id(), task.userId(), task.name(), task.searchQuery(), task.conditionDescription(), task.state(),
          // Without webhook secrets: this snapshot is a workflow payload; the Deliver activity reads the secret.
          targets.channelsFor(task, ownerEmail).stream().map(NotificationChannel::withoutSecret).toList(),
          ownerEmail, lastNotified, recent));
    });
  }

  @Override
  public void finishExecution(CheckActivities.Outcome outcome, Instant completedAt) {
    CheckResult result = outcome.result();
    JsonNode resultJson = result == null ? null : mapper.valueToTree(result);
    JsonNode sources = result == null ? null : mapper.valueToTree(result.sources());
    String notification = outcome.notified() ? result.notification() : null;
    jdbi.useTransaction(h -> {
      int finished = new ExecutionDao(h).finish(outcome.executionId(), outcome.status(), completedAt,
          resultJson, outcome.errorMessage(), outcome.internalError(), notification, sources);
      if (finished == 0 || outcome.status() != ExecutionStatus.SUCCESS) {
        return;
      }
      h.createUpdate("UPDATE tasks SET last_known_state = CAST(:state AS jsonb), "
              + "last_notified_answer = CASE WHEN :notified THEN :answer ELSE last_notified_answer END "
              + "WHERE id = :id")
          .bind("state", lastKnownState(result, completedAt).toString())
          .bind("notified", outcome.notified())
          .bind("answer", result.answer())
          .bind("id", outcome.taskId())
          .execute();
    });
  }

  /** Rolls back the begin of a run that must not happen. */
  private static final class AbandonedRun extends RuntimeException {
    AbandonedRun() {
      super(null, null, false, false);
    }
  }

  private JsonNode lastKnownState(CheckResult result, Instant checkedAt) {
    ObjectNode state = mapper.createObjectNode();
    state.put("condition_met", result.conditionMet());
    state.put("answer", result.answer());
    state.put("confidence", result.confidence());
    state.put("topic", result.topic());
    state.put("checked_at", checkedAt.toString());
    return state;
  }

  @Override
  public boolean scheduleNext(UUID taskId, UUID executionId, Instant nextRun, String topic) {
    boolean active = jdbi.withHandle(h -> h.createUpdate(
            "UPDATE tasks SET next_run = :nextRun, "
                + "state = CASE WHEN CAST(:nextRun AS timestamptz) IS NULL THEN 'completed' ELSE state END, "
                + "state_changed_at = CASE WHEN CAST(:nextRun AS timestamptz) IS NULL THEN now() "
                + "ELSE state_changed_at END "
                + "WHERE id = :id AND state = 'active'")
        .bind("nextRun", nextRun).bind("id", taskId).execute() > 0);
    if (topic != null && !topic.isBlank()) {
      renameDefault(taskId, topic.strip());
    }
    return active;
  }

  /** A task still called "New Monitor" takes the check's topic as its name, unless the owner has one like it. */
  private void renameDefault(UUID taskId, String topic) {
    String name = topic.length() > 200 ? topic.substring(0, 200) : topic;
    try {
      jdbi.useHandle(h -> h.createUpdate("UPDATE tasks SET name = :name WHERE id = :id AND name ~ :pattern "
              + "AND NOT EXISTS (SELECT 1 FROM tasks o WHERE o.user_id = tasks.user_id AND o.name = :name)")
          .bind("name", name).bind("id", taskId).bind("pattern", DEFAULT_NAME_PATTERN).execute());
    } catch (UnableToExecuteStatementException e) {
      // A concurrent rename took the name first; keeping the default is fine.
    }
  }

}
