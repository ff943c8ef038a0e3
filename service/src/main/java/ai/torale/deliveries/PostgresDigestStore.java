package ai.torale.deliveries;

import ai.torale.digest.DigestStore;
import ai.torale.notify.DeliveryStore;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotifyActivities.Delivery;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Held deliveries gathered into digests, on PostgreSQL. A digest is a delivery row of its own
 * ({@code is_digest}, no task), its payload the members' payloads; its members are marked with its
 * id and finished in the same transaction, so a digest is made once and its members never go out
 * again, whatever retries or restarts follow.
 */
public final class PostgresDigestStore implements DigestStore {
  private static final String HELD =
      "held_until IS NOT NULL AND digest_id IS NULL AND finished_at IS NULL";

  private final Jdbi jdbi;
  private final ObjectMapper mapper;

  public PostgresDigestStore(Jdbi jdbi, ObjectMapper mapper) {
    this.jdbi = jdbi;
    this.mapper = mapper;
  }

  private record Held(UUID id, Delivery delivery, boolean forDigest) {}

  @Override
  public Gathered gather(UUID userId, Instant now) {
    return jdbi.inTransaction(h -> {
      Map<String, List<Held>> byChannel = new LinkedHashMap<>();
      for (Held held : due(h, userId, now)) {
        NotificationChannel c = held.delivery().channel();
        byChannel.computeIfAbsent(c.type() + "\n" + c.target(), k -> new ArrayList<>()).add(held);
      }
      for (List<Held> members : byChannel.values()) {
        if (members.size() == 1 && !members.get(0).forDigest()) {
          release(h, members.get(0).id(), now);
        } else {
          digest(h, userId, members, now);
        }
      }
      return new Gathered(owed(h, userId), nextHeld(h, userId));
    });
  }

  /** Due held rows, locked; rows another gather holds are skipped (it takes them). */
  private List<Held> due(Handle h, UUID userId, Instant now) {
    return h.createQuery(
            "SELECT id, payload, hold_reason FROM deliveries WHERE user_id = :user AND "
                + HELD
                + " AND held_until <= :now ORDER BY created_at, id FOR UPDATE SKIP LOCKED")
        .bind("user", userId)
        .bind("now", now)
        .map((rs, ctx) ->
            new Held(
                rs.getObject("id", UUID.class),
                PostgresDeliveryStore.read(mapper, rs.getString("payload")),
                "digest".equals(rs.getString("hold_reason"))))
        .list();
  }

  /** A channel's only delivery held by quiet hours goes out as itself, now. */
  private static void release(Handle h, UUID id, Instant now) {
    h.createUpdate("UPDATE deliveries SET digest_id = id, next_attempt_at = :now WHERE id = :id")
        .bind("id", id)
        .bind("now", now)
        .execute();
  }

  private void digest(Handle h, UUID userId, List<Held> members, Instant now) {
    Delivery digest =
        Delivery.digest(
            UUID.randomUUID(),
            userId,
            now,
            members.get(0).delivery().channel(),
            members.stream().map(Held::delivery).toList());
    UUID id = digest.key().id();
    h.createUpdate(
            "INSERT INTO deliveries (id, user_id, payload, next_attempt_at, created_at, is_digest, "
                + "digest_id) VALUES (:id, :user, CAST(:payload AS jsonb), :now, :now, true, :id)")
        .bind("id", id)
        .bind("user", userId)
        .bind("payload", PostgresDeliveryStore.json(mapper, digest))
        .bind("now", now)
        .execute();
    h.createUpdate(
            "UPDATE deliveries SET digest_id = :digest, finished_at = :now WHERE id = ANY(:ids)")
        .bind("digest", id)
        .bind("now", now)
        .bindArray("ids", UUID.class, members.stream().map(Held::id).toArray(UUID[]::new))
        .execute();
  }

  /** What the user's digest workflow owes, without digests' items (the rows keep them). */
  private List<DeliveryStore.Outstanding> owed(Handle h, UUID userId) {
    return h.createQuery(
            "SELECT payload, next_attempt_at FROM deliveries WHERE user_id = :user "
                + "AND digest_id IS NOT NULL AND finished_at IS NULL ORDER BY created_at, id")
        .bind("user", userId)
        .map((rs, ctx) ->
            new DeliveryStore.Outstanding(
                PostgresDeliveryStore.read(mapper, rs.getString("payload")).withoutItems(),
                rs.getTimestamp("next_attempt_at").toInstant()))
        .list();
  }

  private static Instant nextHeld(Handle h, UUID userId) {
    return h.createQuery("SELECT min(held_until) FROM deliveries WHERE user_id = :user AND " + HELD)
        .bind("user", userId)
        .mapTo(Instant.class)
        .one();
  }

  /**
   * Users whose digest workflow is missing, as storage shows it: a held delivery more than {@code
   * grace} past its time, or a digest (or released delivery) more than {@code grace} past its next
   * attempt that no attempt holds. With {@code grace} null, every user with anything held or owed
   * (after a restart of the embedded server, which forgets every workflow). At most {@code limit},
   * after user {@code after} (null: from the start), in user order.
   */
  public List<UUID> usersOwing(Instant now, Duration grace, UUID after, int limit) {
    // No grace: anything held, however far ahead (digests are at most a week away).
    Instant due = grace == null ? now.plus(Duration.ofDays(3650)) : now.minus(grace);
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT user_id FROM ("
                    + "SELECT user_id FROM deliveries WHERE "
                    + HELD
                    + " AND held_until < :due UNION "
                    + "SELECT user_id FROM deliveries WHERE digest_id IS NOT NULL AND finished_at IS NULL "
                    + "AND next_attempt_at < :due AND (claimed_until IS NULL OR claimed_until <= :now)"
                    + ") owing WHERE user_id IS NOT NULL "
                    + "AND (CAST(:after AS uuid) IS NULL OR user_id > CAST(:after AS uuid)) "
                    + "ORDER BY user_id LIMIT :limit")
            .bind("due", due)
            .bind("now", now)
            .bind("after", after)
            .bind("limit", limit)
            .mapTo(UUID.class)
            .list());
  }
}
