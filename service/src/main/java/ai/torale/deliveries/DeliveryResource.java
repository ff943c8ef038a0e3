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
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/notifications/deliveries}: every delivery attempt of the caller's
 * notifications, newest first.
 */
@Path("/api/v1/notifications/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public final class DeliveryResource {
  private final DeliveryHistory history;

  public DeliveryResource(DeliveryHistory history) {
    this.history = history;
  }

  @Timed
  @GET
  public List<DeliveryHistory.DeliveryView> list(
      @Auth User user,
      @QueryParam("task_id") String taskId,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    UUID task =
        taskId == null || taskId.isBlank() ? null : Fields.uuidIn("query", "task_id", taskId);
    Page page = Page.of(limit, offset);
    return history.list(user.id(), task, page);
  }
}
