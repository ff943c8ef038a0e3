package ai.torale.deliveries;

import ai.torale.errors.Page;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The delivery attempts of a user's notifications, as the API lists them (PostgresDeliveryStore
 * writes them).
 */
public final class DeliveryHistory {
  private final Jdbi jdbi;

  public DeliveryHistory(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Newest first; {@code task} null means every task of the user. */
  public List<DeliveryView> list(UUID user, UUID task, Page page) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT delivery_id, task_id, execution_id, event, channel, target, "
                    + "attempt, status_code, error, result, created_at FROM delivery_attempts WHERE user_id = :user "
                    + "AND (CAST(:task AS uuid) IS NULL OR task_id = :task) ORDER BY created_at DESC, id DESC "
                    + "LIMIT :limit OFFSET :offset")
            .bind("user", user)
            .bind("task", task)
            .bind("limit", page.limit())
            .bind("offset", page.offset())
            .map((rs, ctx) ->
                new DeliveryView(
                    rs.getObject("delivery_id", UUID.class),
                    rs.getObject("task_id", UUID.class),
                    rs.getObject("execution_id", UUID.class),
                    rs.getString("event"),
                    rs.getString("channel"),
                    rs.getString("target"),
                    rs.getInt("attempt"),
                    (Integer) rs.getObject("status_code"),
                    rs.getString("error"),
                    rs.getString("result"),
                    rs.getTimestamp("created_at").toInstant()))
            .list());
  }

  /** One attempt as the owner sees it. */
  public record DeliveryView(
      UUID deliveryId,
      UUID taskId,
      UUID executionId,
      String event,
      String channel,
      String target,
      int attempt,
      Integer statusCode,
      String error,
      String result,
      Instant createdAt) {}
}
