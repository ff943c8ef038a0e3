package ai.torale.executions;

import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.qualifier.QualifiedType;
import org.jdbi.v3.json.Json;

/**
 * The executions table, on one handle. Fluent queries for the same reason as {@code TaskDao}: every check and
 * most API reads touch it, and attaching a SQL object costs more than the queries.
 */
public final class ExecutionDao {
  private static final ExecutionMapper EXECUTIONS = new ExecutionMapper();
  private static final QualifiedType<JsonNode> JSON = QualifiedType.of(JsonNode.class).with(Json.class);

  private final Handle h;

  public ExecutionDao(Handle h) {
    this.h = h;
  }

  /** The pending row of a manual run, created by the API before the workflow picks it up. */
  public void insertPending(UUID id, UUID taskId, CheckTrigger trigger, Instant now) {
    h.createUpdate("INSERT INTO executions (id, task_id, status, trigger, started_at, created_at) "
            + "VALUES (:id, :taskId, 'pending', :trigger, :now, :now) ON CONFLICT (id) DO NOTHING")
        .bind("id", id).bind("taskId", taskId).bindByType("trigger", trigger, CheckTrigger.class)
        .bind("now", now).execute();
  }

  /**
   * Running now: true when this created the row, false when it was there (pending or running); empty when the
   * check already finished, so a retried begin changes nothing.
   */
  public Optional<Boolean> markRunning(UUID id, UUID taskId, CheckTrigger trigger, Instant now) {
    return h.createQuery("INSERT INTO executions (id, task_id, status, trigger, started_at, created_at) "
            + "VALUES (:id, :taskId, 'running', :trigger, :now, :now) "
            + "ON CONFLICT (id) DO UPDATE SET status = 'running', started_at = :now "
            + "WHERE executions.status IN ('pending', 'running') RETURNING (xmax = 0)")
        .bind("id", id).bind("taskId", taskId).bindByType("trigger", trigger, CheckTrigger.class)
        .bind("now", now).mapTo(Boolean.class).findOne();
  }

  /** Finishes a check once; a finished row is never rewritten. */
  public int finish(UUID id, ExecutionStatus status, Instant completedAt, JsonNode result, String errorMessage,
      String internalError, String notification, JsonNode groundingSources) {
    return h.createUpdate("UPDATE executions SET status = :status, completed_at = :completedAt, "
            + "result = :result, error_message = :errorMessage, internal_error = :internalError, "
            + "notification = :notification, grounding_sources = :groundingSources "
            + "WHERE id = :id AND status IN ('pending', 'running')")
        .bind("id", id).bindByType("status", status, ExecutionStatus.class).bind("completedAt", completedAt)
        .bindByType("result", result, JSON).bind("errorMessage", errorMessage)
        .bind("internalError", internalError).bind("notification", notification)
        .bindByType("groundingSources", groundingSources, JSON).execute();
  }

  public Optional<Execution> find(UUID taskId, UUID id) {
    return h.createQuery("SELECT * FROM executions WHERE id = :id AND task_id = :taskId")
        .bind("id", id).bind("taskId", taskId).map(EXECUTIONS).findOne();
  }

  public List<Execution> list(UUID taskId, int limit, int offset) {
    return page("", taskId, limit, offset);
  }

  public List<Execution> listNotified(UUID taskId, int limit, int offset) {
    return page("AND notification IS NOT NULL ", taskId, limit, offset);
  }

  /** A task's executions, newest first, narrowed by a fixed SQL condition of the caller's. */
  private List<Execution> page(String condition, UUID taskId, int limit, int offset) {
    return h.createQuery("SELECT * FROM executions WHERE task_id = :taskId " + condition
            + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
        .bind("taskId", taskId).bind("limit", limit).bind("offset", offset).map(EXECUTIONS).list();
  }

  public List<Execution> findAll(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return h.createQuery("SELECT * FROM executions WHERE id = ANY(:ids)")
        .bindArray("ids", UUID.class, ids).map(EXECUTIONS).list();
  }

  /** The answers of the last few successful checks before this one, newest first. */
  public List<String> recentAnswers(UUID taskId, UUID exceptId, int limit) {
    return h.createQuery("SELECT result ->> 'answer' FROM executions WHERE task_id = :taskId "
            + "AND status = 'success' AND id <> :exceptId AND result ->> 'answer' IS NOT NULL "
            + "ORDER BY completed_at DESC LIMIT :limit")
        .bind("taskId", taskId).bind("exceptId", exceptId).bind("limit", limit).mapTo(String.class).list();
  }
}
