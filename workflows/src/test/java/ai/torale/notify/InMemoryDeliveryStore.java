package ai.torale.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The PostgreSQL store's contract in memory; it outlives activity instances, like the database
 * does.
 */
final class InMemoryDeliveryStore implements DeliveryStore {
  private final Set<UUID> delivered = new HashSet<>();
  private final Map<UUID, Instant> claims = new HashMap<>();
  private final List<DeliveryAttempt> attempts = new ArrayList<>();
  private volatile Consumer<DeliveryAttempt> onRecord = a -> {};

  /**
   * Runs after each attempt is recorded (to bring a receiver up, or to simulate a crash by
   * throwing).
   */
  void onRecord(Consumer<DeliveryAttempt> hook) {
    this.onRecord = hook;
  }

  @Override
  public synchronized Claim claim(DeliveryKey key, Instant now, Instant until) {
    UUID id = key.id();
    if (delivered.contains(id)) {
      return Claim.ALREADY_DELIVERED;
    }
    Instant held = claims.get(id);
    if (held != null && held.isAfter(now)) {
      return Claim.IN_PROGRESS;
    }
    claims.put(id, until);
    return Claim.ACQUIRED;
  }

  @Override
  public void recordAttempt(DeliveryAttempt attempt) {
    synchronized (this) {
      attempts.add(attempt);
      claims.remove(attempt.deliveryId());
      if (attempt.result() == DeliveryResult.DELIVERED) {
        delivered.add(attempt.deliveryId());
      }
    }
    onRecord.accept(attempt);
  }

  @Override
  public Optional<String> webhookSecret(UUID taskId, String url) {
    // The tests' channels carry their secret, as a caller without stored tasks would pass it.
    return Optional.empty();
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
