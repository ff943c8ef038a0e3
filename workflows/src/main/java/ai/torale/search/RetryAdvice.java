package ai.torale.search;

import java.time.Duration;

/**
 * How long to wait before the next attempt of a failed provider call. Rate limits and overload back
 * off long (30 s growing to 1 h); timeouts and network errors retry soon.
 */
public final class RetryAdvice {
  public static final int MAX_ATTEMPTS = 6;
  private static final Duration LONG_FIRST = Duration.ofSeconds(30);
  private static final Duration LONG_MAX = Duration.ofHours(1);
  private static final Duration SHORT_FIRST = Duration.ofSeconds(2);
  private static final Duration SHORT_MAX = Duration.ofMinutes(1);

  private RetryAdvice() {}

  /** The delay after the given (1-based) failed attempt. */
  public static Duration delayAfter(ProviderException e, int attempt) {
    boolean slow =
        e.failure() == ProviderFailure.RATE_LIMITED || e.failure() == ProviderFailure.OVERLOADED;
    Duration computed =
        slow ? grow(LONG_FIRST, attempt, LONG_MAX) : grow(SHORT_FIRST, attempt, SHORT_MAX);
    Duration hinted = e.retryAfter().orElse(Duration.ZERO);
    Duration chosen = hinted.compareTo(computed) > 0 ? hinted : computed;
    return chosen.compareTo(LONG_MAX) > 0 ? LONG_MAX : chosen;
  }

  private static Duration grow(Duration first, int attempt, Duration max) {
    // 30 s, 2 min, 8 min, 32 min, 1 h for the slow class; 2 s, 8 s, 32 s, 1 min for the quick one.
    long factor = 1L << Math.min(2 * Math.max(0, attempt - 1), 20);
    Duration d = first.multipliedBy(factor);
    return d.compareTo(max) > 0 ? max : d;
  }
}
