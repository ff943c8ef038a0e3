package ai.torale.deliveries;

import ai.torale.auth.User;
import ai.torale.errors.Fields;
import ai.torale.errors.Page;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /api/v1/notifications/deliveries}: every delivery attempt of the caller's notifications, newest first. */
@Path("/api/v1/notifications/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public final class DeliveryResource {
  private final Jdbi jdbi;

  public DeliveryResource(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Timed
  @GET
  public List<DeliveryView> list(@Auth User user, @QueryParam("task_id") String taskId,
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    UUID task = taskId == null || taskId.isBlank() ? null : Fields.uuidIn("query", "task_id", taskId);
    Page page = Page.of(limit, offset);
    return jdbi.withHandle(h -> h.createQuery("SELECT delivery_id, task_id, execution_id, event, channel, target, "
            + "attempt, status_code, error, result, created_at FROM delivery_attempts WHERE user_id = :user "
            + "AND (CAST(:task AS uuid) IS NULL OR task_id = :task) ORDER BY created_at DESC, id DESC "
            + "LIMIT :limit OFFSET :offset")
        .bind("user", user.id()).bind("task", task).bind("limit", page.limit()).bind("offset", page.offset())
        .map((rs, ctx) -> new DeliveryView(rs.getObject("delivery_id", UUID.class), rs.getObject("task_id", UUID.class),
            rs.getObject("execution_id", UUID.class), rs.getString("event"), rs.getString("channel"),
            rs.getString("target"), rs.getInt("attempt"), (Integer) rs.getObject("status_code"), rs.getString("error"),
            rs.getString("result"), rs.getTimestamp("created_at").toInstant()))
        .list());
  }

  /** One attempt as the owner sees it. */
  public record DeliveryView(UUID deliveryId, UUID taskId, UUID executionId, String event, String channel,
      String target, int attempt, Integer statusCode, String error, String result, Instant createdAt) {}
}
