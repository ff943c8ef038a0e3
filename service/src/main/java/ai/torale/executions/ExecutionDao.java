package ai.torale.executions;

import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Execution.class)
public interface ExecutionDao {

  /** The pending row of a manual run, created by the API before the workflow picks it up. */
  @SqlUpdate("INSERT INTO executions (id, task_id, status, trigger, started_at, created_at) "
      + "VALUES (:id, :taskId, 'pending', :trigger, :now, :now) ON CONFLICT (id) DO NOTHING")
  void insertPending(@Bind("id") UUID id, @Bind("taskId") UUID taskId, @Bind("trigger") CheckTrigger trigger,
      @Bind("now") Instant now);

  /**
   * Running now: true when this created the row, false when it was there (pending or running); empty when the
   * check already finished, so a retried begin changes nothing.
   */
  @SqlQuery("INSERT INTO executions (id, task_id, status, trigger, started_at, created_at) "
      + "VALUES (:id, :taskId, 'running', :trigger, :now, :now) "
      + "ON CONFLICT (id) DO UPDATE SET status = 'running', started_at = :now "
      + "WHERE executions.status IN ('pending', 'running') RETURNING (xmax = 0)")
  Optional<Boolean> markRunning(@Bind("id") UUID id, @Bind("taskId") UUID taskId, @Bind("trigger") CheckTrigger trigger,
      @Bind("now") Instant now);

  /** Finishes a check once; a finished row is never rewritten. */
  @SqlUpdate("UPDATE executions SET status = :status, completed_at = :completedAt, result = :result, "
      + "error_message = :errorMessage, internal_error = :internalError, notification = :notification, "
      + "grounding_sources = :groundingSources "
      + "WHERE id = :id AND status IN ('pending', 'running')")
  int finish(@Bind("id") UUID id, @Bind("status") ExecutionStatus status, @Bind("completedAt") Instant completedAt,
      @Bind("result") @Json JsonNode result, @Bind("errorMessage") String errorMessage,
      @Bind("internalError") String internalError, @Bind("notification") String notification,
      @Bind("groundingSources") @Json JsonNode groundingSources);

  @SqlQuery("SELECT * FROM executions WHERE id = :id AND task_id = :taskId")
  Optional<Execution> find(@Bind("taskId") UUID taskId, @Bind("id") UUID id);

  @SqlQuery("SELECT * FROM executions WHERE task_id = :taskId ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
  List<Execution> list(@Bind("taskId") UUID taskId, @Bind("limit") int limit, @Bind("offset") int offset);

  @SqlQuery("SELECT * FROM executions WHERE task_id = :taskId AND notification IS NOT NULL "
      + "ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
  List<Execution> listNotified(@Bind("taskId") UUID taskId, @Bind("limit") int limit, @Bind("offset") int offset);

  @SqlQuery("SELECT * FROM executions WHERE id IN (<ids>)")
  List<Execution> findAll(@BindList(value = "ids", onEmpty = BindList.EmptyHandling.NULL_STRING) Collection<UUID> ids);

  /** The answers of the last few successful checks before this one, newest first. */
  @SqlQuery("SELECT result ->> 'answer' FROM executions WHERE task_id = :taskId AND status = 'success' "
      + "AND id <> :exceptId AND result ->> 'answer' IS NOT NULL ORDER BY completed_at DESC LIMIT :limit")
  List<String> recentAnswers(@Bind("taskId") UUID taskId, @Bind("exceptId") UUID exceptId, @Bind("limit") int limit);
}
