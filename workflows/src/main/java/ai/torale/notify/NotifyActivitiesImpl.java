package ai.torale.notify;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deliver activity: one notification on one channel, exactly once. It claims the delivery in
 * storage first (an earlier attempt, a duplicate execution or a worker that died after sending
 * leaves a delivered mark and nothing is sent again), sends once, records the attempt, and then
 * either returns or fails for Temporal: retryable with the next delay from {@link RetrySchedule},
 * or not at all.
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

  /**
   * The facts about the current attempt that the retry decision needs, in the server's time: the
   * attempt number, the latest moment this attempt can end, and when Temporal stops retrying
   * (schedule-to-close).
   */
  public record AttemptInfo(int attempt, Instant endsBy, Instant deadline) {
    static AttemptInfo of(ActivityInfo info) {
      Instant scheduled = Instant.ofEpochMilli(info.getCurrentAttemptScheduledTimestamp());
      Duration budget = info.getScheduleToCloseTimeout();
      // No schedule-to-close bound means retries are bounded by the workflow alone.
      Instant deadline =
          budget.isZero()
              ? Instant.MAX
              : Instant.ofEpochMilli(info.getScheduledTimestamp()).plus(budget);
      return new AttemptInfo(
          info.getAttempt(), scheduled.plus(info.getStartToCloseTimeout()), deadline);
    }

    /**
     * Whether Temporal would still run another attempt after this one's delay; if not, this failure
     * is final.
     */
    boolean mayRetry() {
      return endsBy.plus(RetrySchedule.delayAfter(attempt)).isBefore(deadline);
    }
  }

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
    deliver(delivery, AttemptInfo.of(Activity.getExecutionContext().getInfo()));
  }

  /** The activity's work with the attempt facts passed in, so it runs the same outside a worker. */
  public void deliver(Delivery delivery, AttemptInfo attempt) {
    NotificationChannel channel = delivery.channel();
    DeliveryKey key =
        new DeliveryKey(
            delivery.executionId(), channel.type(), channel.target(), delivery.event().wire());
    Instant now = clock.instant();
    switch (store.claim(key, now, now.plus(CLAIM))) {
      case ALREADY_DELIVERED -> {
        log.info(
            "Delivery {} ({} of execution {}) was made already",
            key.id(),
            channel.type(),
            delivery.executionId());
        return;
      }
      case IN_PROGRESS ->
          throw ApplicationFailure.newBuilder()
              .setType("DELIVERY_IN_PROGRESS")
              .setMessage("another attempt of this delivery is still running")
              .setNextRetryDelay(RetrySchedule.delayAfter(attempt.attempt()))
              .build();
      case ACQUIRED -> {
        // ours to attempt
      }
    }
    SendOutcome outcome = sendOnce(delivery, key);
    DeliveryResult result =
        outcome.result() == DeliveryResult.RETRYING && !attempt.mayRetry()
            ? DeliveryResult.FAILED
            : outcome.result();
    store.recordAttempt(
        new DeliveryAttempt(
            key.id(),
            delivery.taskId(),
            delivery.userId(),
            delivery.executionId(),
            delivery.event().wire(),
            channel.type(),
            channel.target(),
            attempt.attempt(),
            outcome.statusCode(),
            outcome.error(),
            clock.instant(),
            result));
    finish(key, attempt, outcome, result);
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
      DeliveryKey key, AttemptInfo attempt, SendOutcome outcome, DeliveryResult result) {
    switch (result) {
      case DELIVERED ->
          log.info("Delivered {} by {} ({})", key.event(), key.channelType(), key.id());
      case RETRYING -> {
        log.warn(
            "Delivery {} by {} attempt {} failed, will retry: {}",
            key.id(),
            key.channelType(),
            attempt.attempt(),
            outcome.error());
        throw ApplicationFailure.newBuilder()
            .setType(result.name())
            .setMessage(outcome.error())
            .setNextRetryDelay(RetrySchedule.delayAfter(attempt.attempt()))
            .build();
      }
      default -> {
        log.warn(
            "Delivery {} by {} attempt {} ended {}: {}",
            key.id(),
            key.channelType(),
            attempt.attempt(),
            result.wireName(),
            outcome.error());
        throw ApplicationFailure.newNonRetryableFailure(outcome.error(), result.name());
      }
    }
  }
}
