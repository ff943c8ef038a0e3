package ai.torale.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The floors of the write routes: what a create or an update cannot do without, with no code of
 * Torale's. A create parses the body, inserts the task row and starts a workflow in one
 * transaction; an update parses the body, updates the row and signals the workflow
 * (signal-with-start, as the service sends its signals) in one transaction. The workflow options
 * carry what the service's do (summary, details, memo), not Torale's search attributes.
 */
@Path("/bench/floor/tasks")
@Produces(MediaType.APPLICATION_JSON)
public final class WriteFloors {
  private final Jdbi jdbi;
  private final WorkflowClient temporal;
  private final ObjectMapper mapper;

  WriteFloors(Jdbi jdbi, WorkflowClient temporal, ObjectMapper mapper) {
    this.jdbi = jdbi;
    this.temporal = temporal;
    this.mapper = mapper;
  }

  @POST
  public Map<String, String> create(@QueryParam("user") String user, String body) {
    JsonNode json = parse(body);
    UUID id = UUID.randomUUID();
    UUID owner = UUID.fromString(user);
    String name = json.path("name").asText();
    String query = json.path("search_query").asText();
    String condition = json.path("condition_description").asText();
    String state = json.path("state").asText("active");
    jdbi.useTransaction(h -> {
      Instant now = Instant.now();
      h.createUpdate(
              "INSERT INTO tasks (id, user_id, name, search_query, condition_description, state, "
                  + "next_run, state_changed_at, created_at) VALUES (:id, :user, :name, :query, "
                  + ":condition, :state, :nextRun, :now, :now)")
          .bind("id", id)
          .bind("user", owner)
          .bind("name", name)
          .bind("query", query)
          .bind("condition", condition)
          .bind("state", state)
          .bind("nextRun", state.equals("active") ? now.plusSeconds(30) : null)
          .bind("now", now)
          .execute();
      WorkflowOptions options =
          WorkflowOptions.newBuilder(options(id, owner, name, query, condition))
              .setWorkflowIdConflictPolicy(
                  WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
              .build();
      WorkflowClient.start(
          temporal.newWorkflowStub(FloorMonitor.Flow.class, options)::run, input(id, owner, state));
    });
    return Map.of("id", id.toString(), "name", name);
  }

  @PUT
  @Path("/{id}")
  public Map<String, String> update(
      @PathParam("id") String taskId, @QueryParam("user") String user, String body) {
    JsonNode json = parse(body);
    UUID id = UUID.fromString(taskId);
    UUID owner = UUID.fromString(user);
    String state = json.path("state").asText("paused");
    jdbi.useTransaction(h -> {
      h.createUpdate("UPDATE tasks SET updated_at = :now WHERE id = :id")
          .bind("id", id)
          .bind("now", Instant.now())
          .execute();
      FloorMonitor.Flow stub =
          temporal.newWorkflowStub(
              FloorMonitor.Flow.class, options(id, owner, "floor", "floor", "floor"));
      BatchRequest batch = temporal.newSignalWithStartRequest();
      batch.add(stub::run, input(id, owner, state));
      batch.add(() -> stub.state(state));
      temporal.signalWithStart(batch);
    });
    return Map.of("id", taskId, "state", state);
  }

  /** Starts the workflow of an existing task, as the service has one for each of its tasks. */
  void ensureStarted(UUID id, UUID owner) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder(options(id, owner, "floor", "floor", "floor"))
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .build();
    WorkflowClient.start(
        temporal.newWorkflowStub(FloorMonitor.Flow.class, options)::run,
        input(id, owner, "paused"));
  }

  private static WorkflowOptions options(
      UUID id, UUID owner, String name, String query, String condition) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(FloorMonitor.workflowId(id))
        .setTaskQueue(FloorMonitor.TASK_QUEUE)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(name)
        .setStaticDetails("Query: " + query + "\nCondition: " + condition)
        .setMemo(Map.of("task_id", id.toString(), "user_id", owner.toString()))
        .build();
  }

  private static FloorMonitor.Input input(UUID id, UUID owner, String state) {
    return new FloorMonitor.Input(id, owner, state, null, 0, null, 0, null, false, false);
  }

  private JsonNode parse(String body) {
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
