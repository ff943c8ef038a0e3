package ai.torale.executions;

import ai.torale.db.Purge;
import ai.torale.monitor.CheckTrigger;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.qualifier.QualifiedType;
import org.jdbi.v3.json.Json;

/**
 * The executions table, on one handle. Fluent queries for the same reason as {@code TaskDao}: every
 * check and most API reads touch it, and attaching a SQL object costs more than the queries.
 */
public final class ExecutionDao {
  private static final ExecutionMapper EXECUTIONS = new ExecutionMapper();
  private static final QualifiedType<JsonNode> JSON =
      QualifiedType.of(JsonNode.class).with(Json.class);

  private final Handle h;

  public ExecutionDao(Handle h) {
    this.h = h;
  }

  /**
   * The pending row of a manual run, created by the API before the workflow picks it up; it keeps
   * the run's options, so a restart can run it again as asked.
   */
  public void insertPending(
      UUID id, UUID taskId, CheckTrigger trigger, Instant now, boolean suppressNotifications) {
    h.createUpdate(
            "INSERT INTO executions (id, task_id, status, trigger, started_at, created_at, "
                + "suppress_notifications) VALUES (:id, :taskId, 'pending', :trigger, :now, :now, "
                + ":suppress) ON CONFLICT (id) DO NOTHING")
        .bind("id", id)
        .bind("taskId", taskId)
        .bindByType("trigger", trigger, CheckTrigger.class)
        .bind("now", now)
        .bind("suppress", suppressNotifications)
        .execute();
  }

  /** A manual run the API accepted that has not finished: its task, and how it was asked. */
  public record UnfinishedRun(UUID taskId, UUID executionId, boolean suppressNotifications) {}

  private static final RowMapper<UnfinishedRun> UNFINISHED_RUNS =
      (rs, ctx) ->
          new UnfinishedRun(
              rs.getObject("task_id", UUID.class),
              rs.getObject("id", UUID.class),
              rs.getBoolean("suppress_notifications"));

  /** These executions end as failed: the restart that found them does not run them again. */
  public void interrupt(Collection<UUID> ids, Instant now) {
    h.createUpdate(
            "UPDATE executions SET status = 'failed', error_message = 'Interrupted by restart', "
                + "completed_at = :now WHERE id = ANY(:ids) AND status IN ('pending', 'running')")
        .bindArray("ids", UUID.class, ids)
        .bind("now", now)
        .execute();
  }

  /** Manual runs accepted and not finished, oldest first. */
  public List<UnfinishedRun> unfinishedManualRuns() {
    return h.createQuery(
            "SELECT task_id, id, suppress_notifications FROM executions "
                + "WHERE trigger = 'manual' AND status IN ('pending', 'running') ORDER BY created_at")
        .map(UNFINISHED_RUNS)
        .list();
  }

  /**
   * Manual runs accepted before {@code acceptedBefore} whose check has not begun, each task's
   * newest only (an older one was replaced by a forced run): a live monitor begins them within
   * moments. One page at a time, in id order after {@code after} (null: from the start), on the
   * partial index {@code executions_pending}.
   */
  public List<UnfinishedRun> unbegunManualRuns(Instant acceptedBefore, UUID after, int limit) {
    return h.createQuery(
            "SELECT task_id, id, suppress_notifications FROM executions e "
                + "WHERE status = 'pending' AND trigger = 'manual' AND created_at < :before "
                + "AND (CAST(:after AS uuid) IS NULL OR id > CAST(:after AS uuid)) "
                + "AND NOT EXISTS (SELECT 1 FROM executions n WHERE n.status = 'pending' "
                + "AND n.trigger = 'manual' AND n.task_id = e.task_id AND n.created_at > e.created_at) "
                + "ORDER BY id LIMIT :limit")
        .bind("before", acceptedBefore)
        .bind("after", after)
        .bind("limit", limit)
        .map(UNFINISHED_RUNS)
        .list();
  }

  /**
   * Every running scheduled check ends as failed: the server that ran it restarted with no memory
   * of it (its task's stored next run, still due, makes the monitor check again at once).
   */
  public int interruptUnfinished(Instant now) {
    return h.createUpdate(
            "UPDATE executions SET status = 'failed', error_message = 'Interrupted by restart', "
                + "completed_at = :now WHERE status IN ('pending', 'running') AND trigger = 'scheduled'")
        .bind("now", now)
        .execute();
  }

  /**
   * What a stop of the embedded Temporal server leaves running, in one statement: a scheduled check
   * ends failed (its task's next run, untouched, stays due, so the next start checks again at
   * once); a manual run goes back to pending, which the next start runs again under its own id. A
   * check that records its end at the same moment is serialized with this statement on the row:
   * either it finished first and is left alone, or it comes second, and {@link #finish} does not
   * take a failed row (a manual run's record still ends it as it ended: nothing is left to run).
   */
  public int interruptByShutdown(Instant now) {
    return h.createUpdate(
            "UPDATE executions SET "
                + "status = CASE trigger WHEN 'scheduled' THEN 'failed' ELSE 'pending' END, "
                + "error_message = CASE trigger WHEN 'scheduled' THEN 'Interrupted by shutdown' END, "
                + "completed_at = CASE trigger WHEN 'scheduled' THEN CAST(:now AS timestamptz) END "
                + "WHERE status = 'running'")
        .bind("now", now)
        .execute();
  }

  /**
   * A run replaced by a forced one. Its row may still be the API's uncommitted insert (the run was
   * accepted a moment ago, and an UPDATE would not see it): inserting the same id waits for that
   * transaction, then finds the row and cancels it. True when this statement created the row: the
   * API rolled back, and that run never was.
   */
  public Optional<Boolean> cancelRun(UUID id, UUID taskId, Instant now, String message) {
    return h.createQuery(
            "INSERT INTO executions (id, task_id, status, trigger, "
                + "started_at, completed_at, error_message, created_at) "
                + "SELECT :execution, id, 'cancelled', 'manual', :now, :now, :message, :now FROM tasks WHERE id = :task "
                + "ON CONFLICT (id) DO UPDATE SET status = 'cancelled', completed_at = :now, "
                + "error_message = :message WHERE executions.status IN ('pending', 'running') "
                + "RETURNING (xmax = 0) AS created")
        .bind("execution", id)
        .bind("task", taskId)
        .bind("now", now)
        .bind("message", message)
        .mapTo(Boolean.class)
        .findOne();
  }

  /**
   * Finished executions created more than {@code keep} ago; a task's latest execution stays, and so
   * does any the task still points at.
   */
  public static Purge olderThan(Duration keep) {
    return (h, now, limit) ->
        h.createUpdate(
                "DELETE FROM executions WHERE id IN (SELECT e.id FROM executions e "
                    + "WHERE e.created_at < :cutoff AND e.status NOT IN ('pending', 'running') "
                    + "AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.last_execution_id = e.id) "
                    + "AND e.id <> (SELECT l.id FROM executions l WHERE l.task_id = e.task_id "
                    + "ORDER BY l.created_at DESC, l.id DESC LIMIT 1) "
                    + "LIMIT :batch)")
            .bind("cutoff", now.minus(keep))
            .bind("batch", limit)
            .execute();
  }

  public boolean stillRunning(UUID id) {
    return h.createQuery("SELECT status = 'running' FROM executions WHERE id = :id")
        .bind("id", id)
        .mapTo(Boolean.class)
        .findOne()
        .orElse(false);
  }

  public Optional<Execution> find(UUID taskId, UUID id) {
    return h.createQuery("SELECT * FROM executions WHERE id = :id AND task_id = :taskId")
        .bind("id", id)
        .bind("taskId", taskId)
        .map(EXECUTIONS)
        .findOne();
  }

  public List<Execution> list(UUID taskId, int limit, int offset) {
    return page("", taskId, limit, offset);
  }

  public List<Execution> listNotified(UUID taskId, int limit, int offset) {
    return page("AND notification IS NOT NULL ", taskId, limit, offset);
  }

  /** A task's executions, newest first, narrowed by a fixed SQL condition of the caller's. */
  private List<Execution> page(String condition, UUID taskId, int limit, int offset) {
    return h.createQuery(
            "SELECT * FROM executions WHERE task_id = :taskId "
                + condition
                + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
        .bind("taskId", taskId)
        .bind("limit", limit)
        .bind("offset", offset)
        .map(EXECUTIONS)
        .list();
  }
}
