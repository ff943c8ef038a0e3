package ai.torale.checks;

import ai.torale.db.Sql;
import ai.torale.executions.ExecutionDao;
import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckResult;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.MonitorStore;
import ai.torale.notify.NotificationChannel;
import ai.torale.tasks.Task;
import ai.torale.tasks.TaskMapper;
import ai.torale.tasks.TaskRequests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.qualifier.QualifiedType;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.json.Json;

/** The check activities' storage on PostgreSQL: executions, and the task fields a check moves. */
public final class PostgresMonitorStore implements MonitorStore {
  static final int RECENT_ANSWERS = 3;
  private static final String DEFAULT_NAME_PATTERN = "^New Monitor( [0-9]+)?$";
  private static final Pattern DEFAULT_NAME = Pattern.compile(DEFAULT_NAME_PATTERN);
  private static final TaskMapper TASKS = new TaskMapper();
  private static final QualifiedType<JsonNode> JSON = QualifiedType.of(JsonNode.class).with(Json.class);

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

  /**
   * Two statements in one transaction: the task as it is now (with its owner's address and recent answers), then
   * the execution marked running and made the task's last. Each check pays for these round trips.
   */
  private CheckActivities.Begun begin(CheckActivities.Begin check, Instant startedAt) {
    UUID taskId = check.taskId();
    UUID executionId = check.executionId();
    return jdbi.inTransaction(h -> {
      Optional<CheckActivities.TaskSnapshot> task = h.createQuery("SELECT tasks.*, "
              + "(SELECT email FROM users WHERE users.id = tasks.user_id) AS owner_email, "
              + "ARRAY(SELECT e.result ->> 'answer' FROM executions e WHERE e.task_id = tasks.id "
              + "AND e.status = 'success' AND e.id <> :execution AND e.result ->> 'answer' IS NOT NULL "
              + "ORDER BY e.completed_at DESC LIMIT :recent) AS recent_answers FROM tasks WHERE id = :task")
          .bind("execution", executionId).bind("task", taskId).bind("recent", RECENT_ANSWERS)
          .map(this::snapshot).findOne();
      if (task.isEmpty()) {
        return CheckActivities.Begun.gone();
      }
      // Waits for the API's transaction that created a manual run's row; a row created here for a manual run
      // means that transaction rolled back (Temporal accepted the run, the API answered 503): do not run it.
      Optional<Boolean> created = new ExecutionDao(h).markRunning(executionId, taskId, check.trigger(), startedAt);
      if (created.isEmpty() || created.get() && check.trigger() == CheckTrigger.MANUAL) {
        throw new AbandonedRun();
      }
      return CheckActivities.Begun.ready(task.get());
    });
  }

  private CheckActivities.TaskSnapshot snapshot(ResultSet rs, StatementContext ctx) throws SQLException {
    Task task = TASKS.map(rs, ctx);
    String ownerEmail = rs.getString("owner_email");
    List<String> recent = new ArrayList<>(Arrays.asList((String[]) rs.getArray("recent_answers").getArray()));
    Collections.reverse(recent);
    return new CheckActivities.TaskSnapshot(
        task.id(), task.userId(), task.name(), task.searchQuery(), task.conditionDescription(), task.state(),
        // Without webhook secrets: this snapshot is a workflow payload; the Deliver activity reads the secret.
        targets.channelsFor(task, ownerEmail).stream().map(NotificationChannel::withoutSecret).toList(),
        ownerEmail, rs.getString("last_notified_answer"), recent);
  }

  /**
   * One statement: the execution finishes once, and only a success that finished it moves the task's last known
   * state and last notified answer. A task still called "New Monitor" then takes the check's topic as its name.
   */
  @Override
  public void finishExecution(CheckActivities.Outcome outcome, Instant completedAt) {
    if (outcome.status() == ExecutionStatus.CANCELLED) {
      cancel(outcome, completedAt);
      return;
    }
    CheckResult result = outcome.result();
    boolean success = outcome.status() == ExecutionStatus.SUCCESS && result != null;
    // Counts the task rows moved: only a success that finished the execution moves one.
    int moved = jdbi.withHandle(h -> h.createUpdate("WITH finished AS (UPDATE executions SET status = :status, "
            + "completed_at = :completedAt, result = :result, error_message = :errorMessage, "
            + "internal_error = :internalError, notification = :notification, grounding_sources = :sources "
            + "WHERE id = :execution AND status IN ('pending', 'running') RETURNING id) "
            + "UPDATE tasks SET last_known_state = CAST(:state AS jsonb), "
            + "last_notified_answer = CASE WHEN :notified THEN :answer ELSE last_notified_answer END "
            + "WHERE id = :task AND :success AND EXISTS (SELECT 1 FROM finished)")
        .bind("execution", outcome.executionId())
        .bindByType("status", outcome.status(), ExecutionStatus.class)
        .bind("completedAt", completedAt)
        .bindByType("result", result == null ? null : mapper.valueToTree(result), JSON)
        .bind("errorMessage", outcome.errorMessage())
        .bind("internalError", outcome.internalError())
        .bind("notification", outcome.notified() ? result.notification() : null)
        .bindByType("sources", result == null ? null : mapper.valueToTree(result.sources()), JSON)
        .bind("state", success ? lastKnownState(result, completedAt).toString() : null)
        .bind("notified", outcome.notified())
        .bind("answer", success ? result.answer() : null)
        .bind("task", outcome.taskId()).bind("success", success)
        .execute());
    boolean defaultName = outcome.taskName() != null && DEFAULT_NAME.matcher(outcome.taskName()).matches();
    if (moved > 0 && defaultName && result.topic() != null && !result.topic().isBlank()) {
      renameDefault(outcome.taskId(), result.topic().strip());
    }
  }

  /**
   * Renames only when the row is free: a run-now request holds it (key-share) while it waits for the monitor,
   * and a rename, which changes a unique key, must not wait for it. A later check renames it then.
   */
  private void renameDefault(UUID taskId, String topic) {
    String name = TaskRequests.fitName(topic);
    try {
      jdbi.useHandle(h -> h.createUpdate("UPDATE tasks SET name = :name WHERE id = "
              + "(SELECT id FROM tasks WHERE id = :id AND name ~ :pattern FOR UPDATE SKIP LOCKED) "
              + "AND NOT EXISTS (SELECT 1 FROM tasks o WHERE o.user_id = tasks.user_id AND o.name = :name)")
          .bind("name", name).bind("id", taskId).bind("pattern", DEFAULT_NAME_PATTERN).execute());
    } catch (UnableToExecuteStatementException e) {
      if (!Sql.uniqueViolation(e)) {
        throw e;
      }
      // A concurrent rename took the name first; keeping the default is fine.
    }
  }

  /**
   * A run replaced by a forced one. Its row may still be the API's uncommitted insert (the run was accepted a
   * moment ago, and an UPDATE would not see it): inserting the same id waits for that transaction, then finds the
   * row and cancels it. A row this statement created means the API rolled back: that run never was, nor its row.
   */
  private void cancel(CheckActivities.Outcome outcome, Instant completedAt) {
    try {
      jdbi.useTransaction(h -> {
        Optional<Boolean> created = h.createQuery("INSERT INTO executions (id, task_id, status, trigger, "
                + "started_at, completed_at, error_message, created_at) "
                + "SELECT :execution, id, 'cancelled', 'manual', :now, :now, :message, :now FROM tasks WHERE id = :task "
                + "ON CONFLICT (id) DO UPDATE SET status = 'cancelled', completed_at = :now, "
                + "error_message = :message WHERE executions.status IN ('pending', 'running') "
                + "RETURNING (xmax = 0) AS created")
            .bind("execution", outcome.executionId()).bind("task", outcome.taskId())
            .bind("now", completedAt).bind("message", outcome.errorMessage())
            .mapTo(Boolean.class).findOne();
        if (created.orElse(false)) {
          throw new AbandonedRun();
        }
      });
    } catch (AbandonedRun e) {
      // Rolled back: nothing to record.
    }
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
  public boolean stillRunning(UUID executionId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT status = 'running' FROM executions WHERE id = :id")
        .bind("id", executionId).mapTo(Boolean.class).findOne().orElse(false));
  }

  @Override
  public boolean scheduleNext(UUID taskId, UUID executionId, Instant nextRun) {
    return jdbi.withHandle(h -> h.createUpdate(
            "UPDATE tasks SET next_run = :nextRun, "
                + "state = CASE WHEN CAST(:nextRun AS timestamptz) IS NULL THEN 'completed' ELSE state END, "
                + "state_changed_at = CASE WHEN CAST(:nextRun AS timestamptz) IS NULL THEN now() "
                + "ELSE state_changed_at END "
                + "WHERE id = :id AND state = 'active'")
        .bind("nextRun", nextRun).bind("id", taskId).execute() > 0);
  }
}
