package ai.torale.tasks;

import ai.torale.auth.User;
import ai.torale.errors.Fields;
import ai.torale.errors.JsonBodies;
import ai.torale.errors.Page;
import ai.torale.executions.ExecutionView;
import ai.torale.monitor.TaskState;
import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The Tasks API of the contract ({@code docs/api.md}). */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public final class TaskResource {
  /**
   * The most a client that does not page gets: the contract's list has no paging, and 100 is the
   * largest page.
   */
  static final int LIST_LIMIT = 100;

  private final TaskService tasks;
  private final TaskRequests requests;
  private final ObjectMapper mapper;

  public TaskResource(TaskService tasks, TaskRequests requests, ObjectMapper mapper) {
    this.tasks = tasks;
    this.requests = requests;
    this.mapper = mapper;
  }

  @Timed
  @POST
  public CreatedTaskView create(@Auth User user, String body) {
    return tasks.create(user, requests.create(JsonBodies.object(mapper, body, false), user));
  }

  @Timed
  @GET
  public List<TaskView> list(
      @Auth User user,
      @QueryParam("state") String state,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    Fields query = Fields.none("query");
    TaskState filter = query.oneOf("state", state, TaskRequests.STATES, TaskState::parse);
    query.check();
    return tasks.list(user, filter, Page.of(limit, offset, LIST_LIMIT));
  }

  @Timed
  @GET
  @Path("/{task_id}")
  public TaskView get(
      @Auth Optional<User> user,
      @PathParam("task_id") String taskId,
      @Context HttpServletRequest request) {
    return tasks.get(user, Fields.uuid("task_id", taskId), request.getRemoteAddr());
  }

  @Timed
  @PUT
  @Path("/{task_id}")
  public TaskView update(@Auth User user, @PathParam("task_id") String taskId, String body) {
    UUID id = Fields.uuid("task_id", taskId);
    JsonNode json = JsonBodies.object(mapper, body, false);
    return tasks.update(user, id, current -> requests.update(json, current, user));
  }

  @Timed
  @DELETE
  @Path("/{task_id}")
  public Response delete(@Auth User user, @PathParam("task_id") String taskId) {
    tasks.delete(user, Fields.uuid("task_id", taskId));
    return Response.noContent().build();
  }

  @Timed
  @POST
  @Path("/{task_id}/execute")
  public ExecutionView execute(
      @Auth User user,
      @PathParam("task_id") String taskId,
      @QueryParam("force") String force,
      @QueryParam("suppress_notifications") String suppress) {
    UUID id = Fields.uuid("task_id", taskId);
    Fields query = Fields.none("query");
    boolean forced = query.flag("force", force);
    boolean quiet = query.flag("suppress_notifications", suppress);
    query.check();
    return tasks.execute(user, id, forced, quiet);
  }

  @Timed
  @PATCH
  @Path("/{task_id}/visibility")
  public Map<String, Boolean> visibility(
      @Auth User user, @PathParam("task_id") String taskId, String body) {
    UUID id = Fields.uuid("task_id", taskId);
    Fields f = Fields.body(JsonBodies.object(mapper, body, false));
    Boolean isPublic = f.bool("is_public", true);
    f.check();
    return Map.of("is_public", tasks.setVisibility(user, id, isPublic));
  }

  @Timed
  @POST
  @Path("/{task_id}/fork")
  public TaskView fork(@Auth User user, @PathParam("task_id") String taskId, String body) {
    UUID id = Fields.uuid("task_id", taskId);
    Fields f = Fields.body(JsonBodies.object(mapper, body, true));
    String name = f.plainText("name", false, TaskRequests.MAX_NAME, false);
    if (name != null && name.isBlank()) {
      name = null;
    }
    f.check();
    return tasks.fork(user, id, name == null ? null : name.strip());
  }
}
