package ai.torale.checks;

import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckResult;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.tasks.Task;
import ai.torale.tasks.TaskMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * A check's begin and its record, one statement each: the check profile showed every round trip to
 * PostgreSQL in these two steps (statement, then COMMIT) as a share of the check's CPU, on the
 * worker and in the database, that no check needs. Data-modifying CTEs keep the several rows each
 * step moves in one statement, so it is atomic without a transaction around it.
 */
final class CheckRows {
  private static final TaskMapper TASKS = new TaskMapper();

  private final Handle h;

  CheckRows(Handle h) {
    this.h = h;
  }

  /**
   * A task as a check begins it: the row, its owner's address, its last successful answers (oldest
   * first), and whether the begin created the execution's row ({@code null}: the execution had
   * finished, so a retried begin changed nothing).
   */
  record Begun(
      Task task,
      String ownerEmail,
      String lastNotifiedAnswer,
      List<String> recentAnswers,
      int consecutiveFailures,
      Boolean created) {}

  /**
   * {@link #begin}'s statement. The recent answers are read newest first along {@code
   * executions_task_created}, so the scan stops at the last few successes: ordered by completion
   * instead, it read and sorted every execution the task ever had (30 ms for a year of hourly
   * checks, against 0.07).
   */
  static final String BEGIN =
      "WITH task AS (SELECT * FROM tasks WHERE id = :task FOR NO KEY UPDATE), "
          + "run AS (INSERT INTO executions (id, task_id, status, trigger, started_at, created_at) "
          + "SELECT :execution, id, 'running', :trigger, :now, :now FROM task "
          + "ON CONFLICT (id) DO UPDATE SET status = 'running', started_at = CASE "
          + "WHEN executions.status = 'pending' THEN :now ELSE executions.started_at END "
          + "WHERE executions.status IN ('pending', 'running') RETURNING (xmax = 0) AS created), "
          + "made_last AS (UPDATE tasks SET last_execution_id = :execution "
          + "WHERE id = :task AND EXISTS (SELECT 1 FROM run)) "
          + "SELECT task.*, (SELECT created FROM run) AS created, "
          + "(SELECT email FROM users WHERE users.id = task.user_id) AS owner_email, "
          + "ARRAY(SELECT e.result ->> 'answer' FROM executions e WHERE e.task_id = task.id "
          + "AND e.status = 'success' AND e.id <> :execution AND e.result ->> 'answer' IS NOT NULL "
          + "ORDER BY e.created_at DESC LIMIT :recent) AS recent_answers FROM task";

  /**
   * The task as it is now and, when it exists, its execution marked running (inserted, or a pending
   * or running row taken over, a running one keeping its start: a retried opening begins again) and
   * made the task's last; empty when the task is gone. Inserting waits for a transaction that
   * inserted the same id and has not ended (the API's, for a manual run). The recent answers are
   * those of the task's last {@code recent} successful checks other than this one. The task's row
   * is locked before the execution's, as {@link #record} does: a delete holds the task's row and
   * then removes its executions, so the other order deadlocked with it (and the deadlock failed the
   * delete as often as the begin).
   */
  Optional<Begun> begin(
      UUID taskId, UUID executionId, CheckTrigger trigger, Instant now, int recent) {
    return h.createQuery(BEGIN)
        .bind("execution", executionId)
        .bind("task", taskId)
        .bindByType("trigger", trigger, CheckTrigger.class)
        .bind("now", now)
        .bind("recent", recent)
        .map((rs, ctx) -> {
          List<String> answers =
              new ArrayList<>(Arrays.asList((String[]) rs.getArray("recent_answers").getArray()));
          Collections.reverse(answers);
          boolean created = rs.getBoolean("created");
          return new Begun(
              TASKS.map(rs, ctx),
              rs.getString("owner_email"),
              rs.getString("last_notified_answer"),
              answers,
              rs.getInt("consecutive_failures"),
              rs.wasNull() ? null : created);
        })
        .findOne();
  }

  /**
   * What one statement of {@link #record} did: whether it finished the execution, whether it moved
   * a successful check's state onto the task, and whether it stored the next run (only on an active
   * task).
   */
  record Recorded(boolean finished, boolean moved, boolean scheduled) {}

  /**
   * A successful check's result and its sources as the JSON the record stores, written by the
   * caller's writers (null for a failure).
   */
  record ResultJson(String result, String sources) {}

  /**
   * The execution finishes once (a retried record changes nothing); a success that finished it
   * leaves its last known state, and its answer as the last notified one when it notified; the
   * task's failures in a row become {@code failures} unless it is null; and an active task takes
   * {@code nextRun} when {@code reschedule} (none left completes it). The task's row is locked
   * first, so its state is the one the update sees; as the updates of the statements this replaces,
   * without blocking a manual run's request, which holds the row (key-share) while it waits for the
   * monitor.
   */
  Recorded record(
      CheckActivities.Outcome outcome,
      ResultJson json,
      Instant completedAt,
      String lastKnownState,
      Integer failures,
      boolean reschedule,
      Instant nextRun) {
    CheckResult checked = outcome.result();
    boolean success = outcome.status() == ExecutionStatus.SUCCESS && checked != null;
    return h.createQuery(
            "WITH prior AS (SELECT id, state FROM tasks WHERE id = :task FOR NO KEY UPDATE), "
                + "fin AS (UPDATE executions SET status = :status, completed_at = :completedAt, "
                + "result = CAST(:result AS jsonb), error_message = :errorMessage, internal_error = :internalError, "
                + "notification = :notification, grounding_sources = CAST(:sources AS jsonb) "
                + "WHERE id = :execution AND status IN ('pending', 'running') RETURNING id), "
                + "moved AS (SELECT :success AND EXISTS (SELECT 1 FROM fin) AS yes), "
                + "scheduled AS (SELECT :reschedule AND state = 'active' AS yes FROM prior), "
                + "task AS (UPDATE tasks t SET "
                + "last_known_state = CASE WHEN (SELECT yes FROM moved) THEN CAST(:state AS jsonb) "
                + "ELSE t.last_known_state END, "
                + "last_notified_answer = CASE WHEN (SELECT yes FROM moved) AND :notified THEN :answer "
                + "ELSE t.last_notified_answer END, "
                + "consecutive_failures = COALESCE(CAST(:failures AS integer), t.consecutive_failures), "
                + "next_run = CASE WHEN s.yes THEN CAST(:nextRun AS timestamptz) ELSE t.next_run END, "
                + "state = CASE WHEN s.yes AND CAST(:nextRun AS timestamptz) IS NULL THEN 'completed' "
                + "ELSE t.state END, "
                + "state_changed_at = CASE WHEN s.yes AND CAST(:nextRun AS timestamptz) IS NULL THEN now() "
                + "ELSE t.state_changed_at END "
                + "FROM scheduled s WHERE t.id = :task RETURNING s.yes) "
                + "SELECT EXISTS (SELECT 1 FROM fin) AS finished, "
                + "EXISTS (SELECT 1 FROM task) AND (SELECT yes FROM moved) AS moved, "
                + "COALESCE((SELECT yes FROM task), false) AS scheduled")
        .bind("task", outcome.taskId())
        .bind("execution", outcome.executionId())
        .bindByType("status", outcome.status(), ExecutionStatus.class)
        .bind("completedAt", completedAt)
        .bind("result", json.result())
        .bind("errorMessage", outcome.errorMessage())
        .bind("internalError", outcome.internalError())
        .bind("notification", outcome.notified() ? checked.notification() : null)
        .bind("sources", json.sources())
        .bind("success", success)
        .bind("reschedule", reschedule)
        .bind("state", lastKnownState)
        .bind("notified", outcome.notified())
        .bind("answer", success ? checked.answer() : null)
        .bind("failures", failures)
        .bind("nextRun", nextRun)
        .map((rs, ctx) ->
            new Recorded(
                rs.getBoolean("finished"), rs.getBoolean("moved"), rs.getBoolean("scheduled")))
        .one();
  }
}
