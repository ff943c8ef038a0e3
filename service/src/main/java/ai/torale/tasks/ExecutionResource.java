package ai.torale.tasks;

import ai.torale.auth.User;
import ai.torale.errors.ApiException;
import ai.torale.errors.Fields;
import ai.torale.errors.Page;
import ai.torale.executions.Execution;
import ai.torale.executions.ExecutionDao;
import ai.torale.executions.ExecutionView;
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
    return tasks.find(id).filter(t -> t.ownedBy(user.id())).orElseThrow(TaskNotFound::new);
  }
}
