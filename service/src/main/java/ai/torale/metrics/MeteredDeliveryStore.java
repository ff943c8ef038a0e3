package ai.torale.metrics;

import ai.torale.notify.DeliveryAttempt;
import ai.torale.notify.DeliveryKey;
import ai.torale.notify.DeliveryStore;
import com.codahale.metrics.MetricRegistry;
import java.time.Instant;
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
  public Claim claim(DeliveryKey key, Instant now, Instant until) {
    return store.claim(key, now, until);
  }

  @Override
  public void recordAttempt(DeliveryAttempt attempt) {
    store.recordAttempt(attempt);
    registry
        .counter(
            MetricRegistry.name(
                "torale", "notifications", attempt.channelType(), attempt.result().wireName()))
        .inc();
  }

  @Override
  public Optional<String> webhookSecret(UUID taskId, String url) {
    return store.webhookSecret(taskId, url);
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
