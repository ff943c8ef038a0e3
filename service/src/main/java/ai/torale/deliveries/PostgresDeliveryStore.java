package ai.torale.deliveries;

import ai.torale.db.Purge;
import ai.torale.notify.DeliveryAttempt;
import ai.torale.notify.DeliveryKey;
import ai.torale.notify.DeliveryResult;
import ai.torale.notify.DeliveryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Delivery claims, attempts and email counts on PostgreSQL. */
public final class PostgresDeliveryStore implements DeliveryStore {
  /** Delivery attempts, then deliveries, created more than {@code keep} ago. */
  public static List<Purge> olderThan(Duration keep) {
    return List.of(purge("delivery_attempts", keep), purge("deliveries", keep));
  }

  private static Purge purge(String table, Duration keep) {
    return (h, now, limit) ->
        h.createUpdate(
                "DELETE FROM "
                    + table
                    + " WHERE ctid IN (SELECT ctid FROM "
                    + table
                    + " WHERE created_at < :cutoff LIMIT :batch)")
            .bind("cutoff", now.minus(keep))
            .bind("batch", limit)
            .execute();
  }

  private final Jdbi jdbi;

  public PostgresDeliveryStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Claim claim(DeliveryKey key, Instant now, Instant until) {
    return jdbi.inTransaction(
        h -> {
          boolean acquired =
              h.createQuery(
                      "INSERT INTO deliveries (id, claimed_until, created_at) "
                          + "VALUES (:id, :until, :now) ON CONFLICT (id) DO UPDATE SET claimed_until = :until "
                          + "WHERE deliveries.delivered_at IS NULL "
                          + "AND (deliveries.claimed_until IS NULL OR deliveries.claimed_until <= :now) RETURNING id")
                  .bind("id", key.id())
                  .bind("until", until)
                  .bind("now", now)
                  .mapTo(UUID.class)
                  .findOne()
                  .isPresent();
          if (acquired) {
            return Claim.ACQUIRED;
          }
          boolean delivered =
              h.createQuery("SELECT delivered_at IS NOT NULL FROM deliveries WHERE id = :id")
                  .bind("id", key.id())
                  .mapTo(Boolean.class)
                  .one();
          return delivered ? Claim.ALREADY_DELIVERED : Claim.IN_PROGRESS;
        });
  }

  @Override
  public void recordAttempt(DeliveryAttempt a) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO delivery_attempts (delivery_id, user_id, task_id, execution_id, event, channel, "
                      + "target, attempt, status_code, error, result, created_at) VALUES (:deliveryId, :userId, "
                      + "(SELECT id FROM tasks WHERE id = :taskId), :executionId, :event, :channel, :target, :attempt, "
                      + ":statusCode, :error, :result, :at)")
              .bind("deliveryId", a.deliveryId())
              .bind("userId", a.userId())
              .bind("taskId", a.taskId())
              .bind("executionId", a.executionId())
              .bind("event", a.event())
              .bind("channel", a.channelType())
              .bind("target", a.target())
              .bind("attempt", a.attempt())
              .bind("statusCode", a.statusCode())
              .bind("error", a.error())
              .bind("result", a.result().wireName())
              .bind("at", a.at())
              .execute();
          h.createUpdate(
                  "INSERT INTO deliveries (id, created_at, delivered_at) VALUES (:id, :at, "
                      + "CASE WHEN :delivered THEN CAST(:at AS timestamptz) END) "
                      + "ON CONFLICT (id) DO UPDATE SET claimed_until = NULL, "
                      + "delivered_at = COALESCE(deliveries.delivered_at, EXCLUDED.delivered_at)")
              .bind("id", a.deliveryId())
              .bind("at", a.at())
              .bind("delivered", a.result() == DeliveryResult.DELIVERED)
              .execute();
        });
  }

  @Override
  public Optional<String> webhookSecret(UUID taskId, String url) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT n ->> 'secret' FROM tasks, jsonb_array_elements(notifications) n "
                        + "WHERE tasks.id = :task AND n ->> 'type' = 'webhook' AND n ->> 'url' = :url")
                .bind("task", taskId)
                .bind("url", url)
                .mapTo(String.class)
                .findFirst());
  }

  @Override
  public int emailsDeliveredTo(String address, Instant since) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM delivery_attempts WHERE channel = 'email' "
                        + "AND result = 'delivered' AND lower(target) = :address AND created_at >= :since")
                .bind("address", address.toLowerCase(Locale.ROOT))
                .bind("since", since)
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public int emailsDeliveredFor(UUID userId, Instant since) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM delivery_attempts WHERE channel = 'email' "
                        + "AND result = 'delivered' AND user_id = :user AND created_at >= :since")
                .bind("user", userId)
                .bind("since", since)
                .mapTo(Integer.class)
                .one());
  }
}
