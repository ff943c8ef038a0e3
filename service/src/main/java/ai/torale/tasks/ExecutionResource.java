package ai.torale.tasks;

import ai.torale.auth.User;
import ai.torale.errors.Fields;
import ai.torale.errors.Page;
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

/** A task's checks, newest first, and the ones that notified. Only the task's owner sees them. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public final class ExecutionResource {
  private final TaskExecutions executions;

  public ExecutionResource(TaskExecutions executions) {
    this.executions = executions;
  }

  @Timed
  @GET
  @Path("/{task_id}/executions")
  public List<ExecutionView> list(
      @Auth User user,
      @PathParam("task_id") String taskId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return executions.list(user, Fields.uuid("task_id", taskId), Page.of(limit, offset));
  }

  @Timed
  @GET
  @Path("/{task_id}/executions/{execution_id}")
  public ExecutionView get(
      @Auth User user,
      @PathParam("task_id") String taskId,
      @PathParam("execution_id") String executionId) {
    return executions.get(
        user, Fields.uuid("task_id", taskId), Fields.uuid("execution_id", executionId));
  }

  @Timed
  @GET
  @Path("/{task_id}/notifications")
  public List<ExecutionView> notifications(
      @Auth User user,
      @PathParam("task_id") String taskId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return executions.notified(user, Fields.uuid("task_id", taskId), Page.of(limit, offset));
  }
}
