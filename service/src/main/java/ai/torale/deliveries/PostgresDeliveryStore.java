package ai.torale.deliveries;

import ai.torale.db.Purge;
import ai.torale.digest.DeliverySchedule;
import ai.torale.digest.HoldPolicy;
import ai.torale.digest.Preferences;
import ai.torale.notify.DeliveryAttempt;
import ai.torale.notify.DeliveryKey;
import ai.torale.notify.DeliveryResult;
import ai.torale.notify.DeliveryStore;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotifyActivities;
import ai.torale.preferences.PreferencesDao;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Deliveries owed (each stored with its check until delivered or given up), their claims and
 * attempts, and email counts, on PostgreSQL.
 */
public final class PostgresDeliveryStore implements DeliveryStore {
  /** Delivery attempts, then deliveries, created more than {@code keep} ago. */
  public static List<Purge> olderThan(Duration keep) {
    return List.of(
        purge("delivery_attempts", "", keep),
        // A delivery still owed is an obligation, never expired.
        purge("deliveries", " AND finished_at IS NOT NULL", keep));
  }

  private static Purge purge(String table, String condition, Duration keep) {
    return (h, now, limit) ->
        h.createUpdate(
                "DELETE FROM "
                    + table
                    + " WHERE ctid IN (SELECT ctid FROM "
                    + table
                    + " WHERE created_at < :cutoff"
                    + condition
                    + " LIMIT :batch)")
            .bind("cutoff", now.minus(keep))
            .bind("batch", limit)
            .execute();
  }

  private final Jdbi jdbi;
  private final ObjectMapper mapper;

  public PostgresDeliveryStore(Jdbi jdbi, ObjectMapper mapper) {
    this.jdbi = jdbi;
    this.mapper = mapper;
  }

  /**
   * Stores deliveries a check of one task queued, in the caller's transaction (the one that records
   * the check): each once, whatever the retries of that transaction, due at once unless the hold
   * policy holds it (the task's digest, the owner's quiet hours). Answers the ids of those held, as
   * stored: a retried transaction answers what the first one stored.
   */
  public static List<UUID> queue(
      Handle h, ObjectMapper mapper, List<NotifyActivities.Delivery> deliveries, Instant at) {
    if (deliveries.isEmpty()) {
      return List.of();
    }
    Optional<PreferencesDao.Holding> holding =
        new PreferencesDao(h).holdingFor(deliveries.get(0).taskId(), mapper);
    DeliverySchedule digest = holding.map(x -> x.delivery().digestSchedule()).orElse(null);
    Preferences owner = holding.map(x -> x.owner().policy()).orElse(Preferences.NONE);
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO deliveries (id, task_id, user_id, payload, next_attempt_at, created_at, "
                + "held_until, hold_reason) VALUES (:id, :task, :user, CAST(:payload AS jsonb), :at, :at, "
                + ":heldUntil, :reason) ON CONFLICT (id) DO NOTHING");
    for (NotifyActivities.Delivery delivery : deliveries) {
      Optional<HoldPolicy.Hold> hold = HoldPolicy.hold(delivery.event(), digest, owner, at);
      batch
          .bind("id", delivery.key().id())
          .bind("task", delivery.taskId())
          .bind("user", delivery.userId())
          .bind("payload", json(mapper, delivery))
          .bind("at", at)
          .bind("heldUntil", hold.map(HoldPolicy.Hold::until).orElse(null))
          .bind("reason", hold.map(x -> x.forDigest() ? "digest" : "quiet_hours").orElse(null))
          .add();
    }
    batch.execute();
    return h.createQuery(
            "SELECT id FROM deliveries WHERE id = ANY(:ids) AND held_until IS NOT NULL")
        .bindArray(
            "ids", UUID.class, deliveries.stream().map(d -> d.key().id()).toArray(UUID[]::new))
        .mapTo(UUID.class)
        .list();
  }

  static String json(ObjectMapper mapper, NotifyActivities.Delivery delivery) {
    try {
      return mapper.writeValueAsString(delivery);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A delivery cannot be written as JSON", e);
    }
  }

  private NotifyActivities.Delivery delivery(String payload) {
    return read(mapper, payload);
  }

  static NotifyActivities.Delivery read(ObjectMapper mapper, String payload) {
    try {
      return mapper.readValue(payload, NotifyActivities.Delivery.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A stored delivery cannot be read", e);
    }
  }

  @Override
  public Claimed claim(
      NotifyActivities.Delivery delivery, DeliveryKey key, Instant now, Instant until) {
    return jdbi.inTransaction(h -> {
      // A delivery queued before obligations were stored (an older version's workflow) is
      // stored now, from what the activity was given.
      h.createUpdate(
              "INSERT INTO deliveries (id, task_id, payload, next_attempt_at, created_at) "
                  + "VALUES (:id, (SELECT id FROM tasks WHERE id = :task), CAST(:payload AS jsonb), :now, :now) "
                  + "ON CONFLICT (id) DO NOTHING")
          .bind("id", key.id())
          .bind("task", delivery.taskId())
          .bind("payload", json(mapper, delivery))
          .bind("now", now)
          .execute();
      // A delivery still held waits for its user's digest workflow: nothing for a monitor to do.
      return h.createQuery(
              "UPDATE deliveries SET claimed_until = CASE WHEN finished_at IS NULL "
                  + "AND (held_until IS NULL OR digest_id IS NOT NULL) "
                  + "AND (claimed_until IS NULL OR claimed_until <= :now) THEN :until ELSE claimed_until END "
                  + "WHERE id = :id RETURNING claimed_until = :until AND finished_at IS NULL "
                  + "AND (held_until IS NULL OR digest_id IS NOT NULL) AS acquired, "
                  + "finished_at IS NOT NULL OR (held_until IS NOT NULL AND digest_id IS NULL) AS finished, "
                  + "payload, attempts, created_at")
          .bind("id", key.id())
          .bind("until", until)
          .bind("now", now)
          .map((rs, ctx) -> {
            Claim claim =
                rs.getBoolean("finished")
                    ? Claim.FINISHED
                    : rs.getBoolean("acquired") ? Claim.ACQUIRED : Claim.IN_PROGRESS;
            return new Claimed(
                claim,
                claim == Claim.ACQUIRED ? delivery(rs.getString("payload")) : null,
                rs.getInt("attempts"),
                rs.getTimestamp("created_at").toInstant());
          })
          .one();
    });
  }

  @Override
  public void recordAttempt(DeliveryAttempt a, Instant nextAttemptAt) {
    jdbi.useTransaction(h -> {
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
      boolean retrying = a.result() == DeliveryResult.RETRYING;
      h.createUpdate(
              "UPDATE deliveries SET claimed_until = NULL, attempts = attempts + 1, "
                  + "next_attempt_at = :next, "
                  + "delivered_at = COALESCE(delivered_at, CASE WHEN :delivered THEN CAST(:at AS timestamptz) END), "
                  + "finished_at = COALESCE(finished_at, CASE WHEN :retrying THEN NULL ELSE CAST(:at AS timestamptz) END) "
                  + "WHERE id = :id")
          .bind("id", a.deliveryId())
          .bind("at", a.at())
          .bind("next", retrying ? nextAttemptAt : null)
          .bind("delivered", a.result() == DeliveryResult.DELIVERED)
          .bind("retrying", retrying)
          .execute();
    });
  }

  @Override
  public List<Outstanding> outstanding(UUID taskId) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT payload, next_attempt_at FROM deliveries WHERE task_id = :task "
                    + "AND finished_at IS NULL AND held_until IS NULL ORDER BY created_at, id")
            .bind("task", taskId)
            .map((rs, ctx) ->
                new Outstanding(
                    delivery(rs.getString("payload")),
                    rs.getTimestamp("next_attempt_at").toInstant()))
            .list());
  }

  /**
   * Tasks owing a delivery that no monitor attempted when it was due: its next attempt is more than
   * {@code grace} past and no attempt holds it. A live monitor never leaves one so (its retries
   * come at their time), so these are what a lost monitor left behind. At most {@code limit}, after
   * task {@code after} (null: from the start), in task order.
   */
  public List<UUID> tasksOwingOverdue(Instant now, Duration grace, UUID after, int limit) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT DISTINCT task_id FROM deliveries WHERE finished_at IS NULL "
                    + "AND held_until IS NULL AND next_attempt_at < :due AND (claimed_until IS NULL OR claimed_until <= :now) "
                    + "AND task_id IS NOT NULL AND (CAST(:after AS uuid) IS NULL OR task_id > CAST(:after AS uuid)) "
                    + "ORDER BY task_id LIMIT :limit")
            .bind("due", now.minus(grace))
            .bind("now", now)
            .bind("after", after)
            .bind("limit", limit)
            .mapTo(UUID.class)
            .list());
  }

  @Override
  public Optional<NotificationChannel> channel(UUID taskId, String type) {
    return jdbi.withHandle(h ->
            h.createQuery(
                    "SELECT n::text FROM tasks, jsonb_array_elements(notifications) n "
                        + "WHERE tasks.id = :task AND n ->> 'type' = :type")
                .bind("task", taskId)
                .bind("type", type)
                .mapTo(String.class)
                .findFirst())
        .map(this::channel);
  }

  private NotificationChannel channel(String json) {
    try {
      return mapper.readValue(json, NotificationChannel.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored notification channel does not parse", e);
    }
  }

  @Override
  public int emailsDeliveredTo(String address, Instant since) {
    return jdbi.withHandle(h ->
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
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT count(*) FROM delivery_attempts WHERE channel = 'email' "
                    + "AND result = 'delivered' AND user_id = :user AND created_at >= :since")
            .bind("user", userId)
            .bind("since", since)
            .mapTo(Integer.class)
            .one());
  }
}
