package ai.torale.temporal;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How long a stopping service may take, from the moment it starts to stop until it exits (the
 * {@code shutdownGrace}), and how its steps share that time, one after the other: the API's
 * requests in flight get the first quarter; the worker's activities in flight get what is left
 * until three quarters have passed; the last quarter is kept for what has to run after them
 * (interrupting what did not finish, recording the checks it leaves behind, closing connections and
 * the embedded servers), so no step can eat another's share.
 */
public final class StopBudget {
  private final Duration grace;
  private final InstantSource clock;
  private final AtomicReference<Instant> began = new AtomicReference<>();

  public StopBudget(Duration grace, InstantSource clock) {
    if (grace.isNegative() || grace.isZero()) {
      throw new IllegalArgumentException("The shutdown grace must be positive, not " + grace);
    }
    this.grace = grace;
    this.clock = clock;
  }

  /** The stop starts now, unless it started already: the first call counts. */
  public void begin() {
    began.compareAndSet(null, clock.instant());
  }

  /** The longest the API's requests in flight are waited for. */
  public Duration forRequests() {
    return grace.dividedBy(4);
  }

  /**
   * What is left for the activities in flight: the time until three quarters of the grace have
   * passed since the stop began (it begins now if it had not).
   */
  public Duration forActivities() {
    begin();
    Duration passed = Duration.between(began.get(), clock.instant());
    Duration left = grace.minus(grace.dividedBy(4)).minus(passed);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
