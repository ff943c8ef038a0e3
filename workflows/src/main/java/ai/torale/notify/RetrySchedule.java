package ai.torale.notify;

import java.time.Duration;

/**
 * When a failed delivery is tried again: 1 min, 5 min, 15 min, then hourly, within the activity's
 * 24 h schedule-to-close. The activity sets each delay itself (ApplicationFailure's next retry
 * delay), so the workflow's retry options are only the bounds.
 */
public final class RetrySchedule {
  private static final Duration[] DELAYS = {
    Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)
  };

  private RetrySchedule() {}

  /** The delay after the given (1-based) failed attempt. */
  public static Duration delayAfter(int attempt) {
    return DELAYS[Math.min(Math.max(attempt, 1), DELAYS.length) - 1];
  }

  /**
   * The delay after a failed attempt whose receiver asked to wait {@code asked} (null: it did not
   * ask): never sooner than asked, since a rate-limited receiver refuses an early retry too, and
   * never sooner than the schedule, so a receiver that keeps answering "retry in 1 s" is not called
   * every second for a day.
   */
  public static Duration delayAfter(int attempt, Duration asked) {
    Duration scheduled = delayAfter(attempt);
    return asked != null && asked.compareTo(scheduled) > 0 ? asked : scheduled;
  }
}
