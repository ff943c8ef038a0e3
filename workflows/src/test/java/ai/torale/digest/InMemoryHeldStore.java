package ai.torale.digest;

import ai.torale.notify.DeliveryAttempt;
import ai.torale.notify.DeliveryKey;
import ai.torale.notify.DeliveryResult;
import ai.torale.notify.DeliveryStore;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotifyActivities.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The PostgreSQL stores' contract for held deliveries and digests, in memory. */
final class InMemoryHeldStore implements DigestStore, DeliveryStore {
  private static final class Row {
    final Delivery delivery;
    final Instant queued;
    Instant heldUntil;
    boolean forDigest;
    UUID digestId;
    Instant nextAttempt;
    Instant claimedUntil;
    int attempts;
    boolean finished;

    Row(Delivery delivery, Instant queued) {
      this.delivery = delivery;
      this.queued = queued;
      this.nextAttempt = queued;
    }
  }

  private final Map<UUID, Row> rows = new LinkedHashMap<>();
  private final List<DeliveryAttempt> attempts = new ArrayList<>();
  private int gathers;

  /** What a check's record does for a held delivery. */
  synchronized void hold(Delivery d, Instant at, Instant until, boolean forDigest) {
    Row row = new Row(d, at);
    row.heldUntil = until;
    row.forDigest = forDigest;
    rows.putIfAbsent(d.key().id(), row);
  }

  @Override
  public synchronized Gathered gather(UUID userId, Instant now) {
    gathers++;
    Map<String, List<Row>> byChannel = new LinkedHashMap<>();
    for (Row r : rows.values()) {
      if (isHeld(r) && userId.equals(r.delivery.userId()) && !r.heldUntil.isAfter(now)) {
        NotificationChannel c = r.delivery.channel();
        byChannel.computeIfAbsent(c.type() + "\n" + c.target(), k -> new ArrayList<>()).add(r);
      }
    }
    for (List<Row> members : byChannel.values()) {
      if (members.size() == 1 && !members.get(0).forDigest) {
        Row only = members.get(0);
        only.digestId = only.delivery.key().id();
        only.nextAttempt = now;
        continue;
      }
      Delivery digest =
          Delivery.digest(
              UUID.randomUUID(),
              userId,
              now,
              members.get(0).delivery.channel(),
              members.stream().map(r -> r.delivery).toList());
      Row row = new Row(digest, now);
      row.digestId = digest.key().id();
      rows.put(row.digestId, row);
      for (Row m : members) {
        m.digestId = row.digestId;
        m.finished = true;
      }
    }
    List<Outstanding> owed =
        rows.values().stream()
            .filter(r -> r.digestId != null && !r.finished && userId.equals(r.delivery.userId()))
            .map(r -> new Outstanding(r.delivery.withoutItems(), r.nextAttempt))
            .toList();
    Instant next =
        rows.values().stream()
            .filter(r -> isHeld(r) && userId.equals(r.delivery.userId()))
            .map(r -> r.heldUntil)
            .min(Instant::compareTo)
            .orElse(null);
    return new Gathered(owed, next);
  }

  private static boolean isHeld(Row r) {
    return r.heldUntil != null && r.digestId == null && !r.finished;
  }

  @Override
  public synchronized Claimed claim(
      Delivery delivery, DeliveryKey key, Instant now, Instant until) {
    Row row = rows.get(key.id());
    if (row == null || row.finished || isHeld(row)) {
      return new Claimed(Claim.FINISHED, null, row == null ? 0 : row.attempts, now);
    }
    if (row.claimedUntil != null && row.claimedUntil.isAfter(now)) {
      return new Claimed(Claim.IN_PROGRESS, null, row.attempts, row.queued);
    }
    row.claimedUntil = until;
    return new Claimed(Claim.ACQUIRED, row.delivery, row.attempts, row.queued);
  }

  @Override
  public synchronized void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt) {
    attempts.add(attempt);
    Row row = rows.get(attempt.deliveryId());
    row.attempts++;
    row.claimedUntil = null;
    row.nextAttempt = nextAttemptAt;
    row.finished = attempt.result() != DeliveryResult.RETRYING;
  }

  @Override
  public synchronized List<Outstanding> outstanding(UUID taskId) {
    return List.of();
  }

  @Override
  public Optional<NotificationChannel> channel(UUID taskId, String type) {
    return Optional.empty();
  }

  @Override
  public int emailsDeliveredTo(String address, Instant since) {
    return 0;
  }

  @Override
  public int emailsDeliveredFor(UUID userId, Instant since) {
    return 0;
  }

  synchronized List<DeliveryAttempt> attempts() {
    return List.copyOf(attempts);
  }

  synchronized int gathers() {
    return gathers;
  }

  synchronized boolean allFinished() {
    return rows.values().stream().allMatch(r -> r.finished);
  }
}
