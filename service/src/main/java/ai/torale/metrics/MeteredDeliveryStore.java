package ai.torale.metrics;

import ai.torale.notify.DeliveryAttempt;
import ai.torale.notify.DeliveryKey;
import ai.torale.notify.DeliveryStore;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotifyActivities;
import com.codahale.metrics.MetricRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Counts notification attempts by channel and result: {@code
 * torale.notifications.<channel>.<result>}.
 */
public final class MeteredDeliveryStore implements DeliveryStore {
  private final DeliveryStore store;
  private final MetricRegistry registry;

  public MeteredDeliveryStore(DeliveryStore store, MetricRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  @Override
  public Claimed claim(
      NotifyActivities.Delivery delivery, DeliveryKey key, Instant now, Instant until) {
    return store.claim(delivery, key, now, until);
  }

  @Override
  public List<Outstanding> outstanding(UUID taskId) {
    return store.outstanding(taskId);
  }

  @Override
  public void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt) {
    store.recordAttempt(attempt, nextAttemptAt);
    registry
        .counter(
            MetricRegistry.name(
                "torale", "notifications", attempt.channelType(), attempt.result().wireName()))
        .inc();
  }

  @Override
  public Optional<NotificationChannel> channel(UUID taskId, String type) {
    return store.channel(taskId, type);
  }

  @Override
  public int emailsDeliveredTo(String address, Instant since) {
    return store.emailsDeliveredTo(address, since);
  }

  @Override
  public int emailsDeliveredFor(UUID userId, Instant since) {
    return store.emailsDeliveredFor(userId, since);
  }
}
