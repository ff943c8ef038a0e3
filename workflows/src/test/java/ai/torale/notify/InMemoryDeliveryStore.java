package ai.torale.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The PostgreSQL store's contract in memory; it outlives activity instances, like the database
 * does.
 */
final class InMemoryDeliveryStore implements DeliveryStore {
  private record Row(
      NotifyActivities.Delivery delivery,
      int attempts,
      Instant queued,
      Instant claimedUntil,
      Instant nextAttempt,
      boolean delivered,
      boolean finished) {}

  private final Map<UUID, Row> rows = new HashMap<>();
  private final List<DeliveryAttempt> attempts = new ArrayList<>();
  private final Map<UUID, List<NotificationChannel>> channels = new HashMap<>();
  private volatile Consumer<DeliveryAttempt> onRecord = a -> {};

  /**
   * Runs after each attempt is recorded (to bring a receiver up, or to simulate a crash by
   * throwing).
   */
  void onRecord(Consumer<DeliveryAttempt> hook) {
    this.onRecord = hook;
  }

  /** What a check's record does: the delivery becomes an obligation, queued at {@code at}. */
  synchronized void queue(NotifyActivities.Delivery delivery, Instant at) {
    rows.putIfAbsent(delivery.key().id(), new Row(delivery, 0, at, null, at, false, false));
  }

  @Override
  public synchronized Claimed claim(
      NotifyActivities.Delivery delivery, DeliveryKey key, Instant now, Instant until) {
    UUID id = key.id();
    queue(delivery, now);
    Row row = rows.get(id);
    if (row.finished()) {
      return new Claimed(Claim.FINISHED, null, row.attempts(), row.queued());
    }
    if (row.claimedUntil() != null && row.claimedUntil().isAfter(now)) {
      return new Claimed(Claim.IN_PROGRESS, null, row.attempts(), row.queued());
    }
    rows.put(
        id,
        new Row(
            row.delivery(), row.attempts(), row.queued(), until, row.nextAttempt(), false, false));
    return new Claimed(Claim.ACQUIRED, row.delivery(), row.attempts(), row.queued());
  }

  @Override
  public void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt) {
    synchronized (this) {
      attempts.add(attempt);
      Row row = rows.get(attempt.deliveryId());
      boolean delivered =
          row != null && (row.delivered() || attempt.result() == DeliveryResult.DELIVERED);
      if (row != null) {
        rows.put(
            attempt.deliveryId(),
            new Row(
                row.delivery(),
                row.attempts() + 1,
                row.queued(),
                null,
                nextAttemptAt,
                delivered,
                delivered || attempt.result() != DeliveryResult.RETRYING));
      }
    }
    onRecord.accept(attempt);
  }

  @Override
  public synchronized List<Outstanding> outstanding(UUID taskId) {
    return rows.values().stream()
        .filter(r -> !r.finished() && r.delivery().taskId().equals(taskId))
        .map(r -> new Outstanding(r.delivery(), r.nextAttempt()))
        .toList();
  }

  /** What the task's stored channels are, credentials included, as the service keeps them. */
  synchronized void taskChannels(UUID taskId, List<NotificationChannel> stored) {
    channels.put(taskId, List.copyOf(stored));
  }

  @Override
  public synchronized Optional<NotificationChannel> channel(UUID taskId, String type) {
    return channels.getOrDefault(taskId, List.of()).stream()
        .filter(c -> c.type().equals(type))
        .findFirst();
  }

  @Override
  public synchronized int emailsDeliveredTo(String address, Instant since) {
    return (int)
        attempts.stream()
            .filter(a -> isSentEmail(a, since) && a.target().equalsIgnoreCase(address))
            .count();
  }

  @Override
  public synchronized int emailsDeliveredFor(UUID userId, Instant since) {
    return (int)
        attempts.stream().filter(a -> isSentEmail(a, since) && userId.equals(a.userId())).count();
  }

  private static boolean isSentEmail(DeliveryAttempt a, Instant since) {
    return a.channelType().equals(NotificationChannel.EMAIL)
        && a.result() == DeliveryResult.DELIVERED
        && !a.at().isBefore(since);
  }

  synchronized List<DeliveryAttempt> attempts() {
    return List.copyOf(attempts);
  }

  synchronized List<DeliveryResult> results() {
    return attempts.stream().map(DeliveryAttempt::result).toList();
  }
}
