package ai.torale.notify;

import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deliver activity: one notification on one channel, exactly once. The check queued the
 * delivery in storage with its outcome; the activity claims it (an earlier attempt, a duplicate
 * execution or a worker that died after sending leaves a finished mark and nothing is sent again),
 * sends the stored payload once, records the attempt with its next attempt time, and then either
 * returns or fails for Temporal: retryable with the next delay from {@link RetrySchedule} (later
 * when the receiver asked for a longer wait), or not at all once the delivery is a day old.
 * Attempts are counted in storage, so they carry on across restarts and continue-as-new.
 *
 * <p>One gap remains by nature: a worker that dies after the receiver took the POST but before the
 * attempt is recorded sends it again on the next attempt. The stable {@code X-Torale-Delivery}
 * header (and the event id) let the receiver drop that duplicate.
 */
public class NotifyActivitiesImpl implements NotifyActivities {
  /**
   * Longer than any single attempt can take (two 10 s HTTP timeouts, or the SMTP timeouts), so
   * claims never overlap.
   */
  static final Duration CLAIM = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(NotifyActivitiesImpl.class);

  private final DeliveryStore store;
  private final Map<String, Notifier> notifiers;
  private final Clock clock;

  public NotifyActivitiesImpl(DeliveryStore store, List<Notifier> notifiers, Clock clock) {
    this.store = store;
    this.notifiers =
        notifiers.stream()
            .collect(Collectors.toUnmodifiableMap(Notifier::channelType, Function.identity()));
    this.clock = clock;
  }

  @Override
  public void deliver(Delivery delivery) {
    NotificationChannel channel = delivery.channel();
    DeliveryKey key = delivery.key();
    Instant now = clock.instant();
    DeliveryStore.Claimed claimed = store.claim(delivery, key, now, now.plus(CLAIM));
    switch (claimed.claim()) {
      case FINISHED -> {
        log.info(
            "Delivery {} ({} of execution {}) is finished already",
            key.id(),
            channel.type(),
            delivery.executionId());
        return;
      }
      case IN_PROGRESS ->
          throw ApplicationFailure.newBuilder()
              .setType("DELIVERY_IN_PROGRESS")
              .setMessage("another attempt of this delivery is still running")
              .setNextRetryDelay(RetrySchedule.delayAfter(claimed.attemptsMade()))
              .build();
      case ACQUIRED -> {
        // ours to attempt
      }
    }
    // The stored delivery is the obligation: after a restart it is all there is.
    Delivery stored = claimed.delivery();
    int attempt = claimed.attemptsMade() + 1;
    SendOutcome outcome = sendOnce(stored, key);
    Instant at = clock.instant();
    Duration delay = RetrySchedule.delayAfter(attempt, outcome.retryAfter());
    Instant nextAttempt = at.plus(delay);
    boolean mayRetry = nextAttempt.isBefore(claimed.queued().plus(GIVE_UP_AFTER));
    DeliveryResult result =
        outcome.result() == DeliveryResult.RETRYING && !mayRetry
            ? DeliveryResult.FAILED
            : outcome.result();
    store.recordAttempt(
        new DeliveryAttempt(
            key.id(),
            stored.taskId(),
            stored.userId(),
            stored.executionId(),
            stored.event().wire(),
            channel.type(),
            channel.target(),
            attempt,
            outcome.statusCode(),
            outcome.error(),
            at,
            result),
        result == DeliveryResult.RETRYING ? nextAttempt : null);
    finish(key, attempt, outcome, result, delay);
  }

  @Override
  public List<DeliveryStore.Outstanding> outstanding(UUID taskId) {
    return store.outstanding(taskId);
  }

  private SendOutcome sendOnce(Delivery delivery, DeliveryKey key) {
    Notifier notifier = notifiers.get(key.channelType());
    if (notifier == null) {
      return SendOutcome.refused("unknown notification type '" + key.channelType() + "'");
    }
    try {
      return notifier.send(delivery, key);
    } catch (RuntimeException e) {
      // A bug must still release the claim through a recorded attempt; the cause goes to the log
      // only.
      log.error("Delivery {} failed unexpectedly", key.id(), e);
      return SendOutcome.retrying(null, "internal error while sending");
    }
  }

  private static void finish(
      DeliveryKey key, int attempt, SendOutcome outcome, DeliveryResult result, Duration delay) {
    switch (result) {
      case DELIVERED ->
          log.info("Delivered {} by {} ({})", key.event(), key.channelType(), key.id());
      case RETRYING -> {
        log.warn(
            "Delivery {} by {} attempt {} failed, will retry: {}",
            key.id(),
            key.channelType(),
            attempt,
            outcome.error());
        throw ApplicationFailure.newBuilder()
            .setType(result.name())
            .setMessage(outcome.error())
            .setNextRetryDelay(delay)
            .build();
      }
      default -> {
        log.warn(
            "Delivery {} by {} attempt {} ended {}: {}",
            key.id(),
            key.channelType(),
            attempt,
            result.wireName(),
            outcome.error());
        throw ApplicationFailure.newNonRetryableFailure(outcome.error(), result.name());
      }
    }
  }
}
