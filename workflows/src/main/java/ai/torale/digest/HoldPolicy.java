package ai.torale.digest;

import ai.torale.notify.NotificationEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a delivery a check queues waits, and until when. A finding of a digest task waits for the
 * task's next digest (quiet hours do not move it: the owner chose that time). Anything else queued
 * inside the owner's quiet hours waits for their end, except {@code task.failing} and {@code
 * task.recovered} when the owner asked for urgent failures (the recovery goes out too, so an owner
 * woken by a failure also learns it is over). Alerts never join a task's digest: they are about the
 * task, not its findings.
 */
public final class HoldPolicy {
  private HoldPolicy() {}

  /** A delivery waits until {@code until}: for its task's digest, or for quiet hours to end. */
  public record Hold(Instant until, boolean forDigest) {}

  /**
   * {@code digest}: the task's digest schedule, null for immediate delivery; {@code preferences}:
   * the owner's, null for none.
   */
  public static Optional<Instant> heldUntil(
      NotificationEvent event, DeliverySchedule digest, Preferences preferences, Instant queuedAt) {
    return hold(event, digest, preferences, queuedAt).map(Hold::until);
  }

  /** As {@link #heldUntil}, saying why. */
  public static Optional<Hold> hold(
      NotificationEvent event, DeliverySchedule digest, Preferences preferences, Instant queuedAt) {
    if (event == NotificationEvent.CONDITION_MET && digest != null) {
      return Optional.of(new Hold(digest.nextAfter(queuedAt), true));
    }
    if (preferences == null || preferences.quietHours() == null) {
      return Optional.empty();
    }
    boolean alert = event == NotificationEvent.FAILING || event == NotificationEvent.RECOVERED;
    if (alert && preferences.urgentFailures()) {
      return Optional.empty();
    }
    return preferences.quietHours().endAfter(queuedAt).map(end -> new Hold(end, false));
  }
}
