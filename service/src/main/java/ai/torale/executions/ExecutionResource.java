package ai.torale.executions;

import ai.torale.auth.User;
import ai.torale.errors.ApiException;
import ai.torale.errors.Fields;
import ai.torale.tasks.Task;
import ai.torale.tasks.TaskDao;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** A task's checks, newest first, and the ones that notified. Only the task's owner sees them. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public final class ExecutionResource {
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 100;

  private final Jdbi jdbi;

  public ExecutionResource(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Timed
  @GET
  @Path("/{task_id}/executions")
  public List<ExecutionView> list(@Auth User user, @PathParam("task_id") String taskId,
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return page(user, taskId, limit, offset, ExecutionDao::list);
  }

  @Timed
  @GET
  @Path("/{task_id}/executions/{execution_id}")
  public ExecutionView get(@Auth User user, @PathParam("task_id") String taskId,
      @PathParam("execution_id") String executionId) {
    UUID id = Fields.uuid("task_id", taskId);
    UUID execution = Fields.uuid("execution_id", executionId);
    return jdbi.withHandle(h -> {
      owned(new TaskDao(h), user, id);
      return new ExecutionDao(h).find(id, execution).map(ExecutionView::of)
          .orElseThrow(() -> ApiException.notFound("Execution not found"));
    });
  }

  @Timed
  @GET
  @Path("/{task_id}/notifications")
  public List<ExecutionView> notifications(@Auth User user, @PathParam("task_id") String taskId,
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return page(user, taskId, limit, offset, ExecutionDao::listNotified);
  }

  /** One page of the owner's task's executions, as {@code query} selects them. */
  private List<ExecutionView> page(User user, String taskId, String limit, String offset, PageQuery query) {
    UUID id = Fields.uuid("task_id", taskId);
    Page page = Page.of(limit, offset);
    return jdbi.withHandle(h -> {
      owned(new TaskDao(h), user, id);
      return query.select(new ExecutionDao(h), id, page.limit(), page.offset()).stream()
          .map(ExecutionView::of).toList();
    });
  }

  @FunctionalInterface
  private interface PageQuery {
    List<Execution> select(ExecutionDao dao, UUID taskId, int limit, int offset);
  }

  private static Task owned(TaskDao tasks, User user, UUID id) {
    return tasks.find(id).filter(t -> t.ownedBy(user.id())).orElseThrow(ApiException::taskNotFound);
  }

  /** {@code limit} 1..100 (default 20) and {@code offset} ≥ 0 (default 0). */
  public record Page(int limit, int offset) {
    public static Page of(String limit, String offset) {
      return of(limit, offset, DEFAULT_LIMIT);
    }

    /** The same bounds with another default limit. */
    public static Page of(String limit, String offset, int defaultLimit) {
      Fields query = Fields.none("query");
      int l = query.integer("limit", limit, defaultLimit, 1, MAX_LIMIT);
      int o = query.integer("offset", offset, 0, 0, Integer.MAX_VALUE);
      query.check();
      return new Page(l, o);
    }
  }
}
