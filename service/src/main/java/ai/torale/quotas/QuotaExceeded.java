package ai.torale.quotas;

import ai.torale.errors.LimitReached;
import java.time.Duration;

/**
 * A per-user limit is reached; the client may retry after the whole seconds until a slot frees (at
 * least 1).
 */
public final class QuotaExceeded extends LimitReached {
  QuotaExceeded(String detail, Duration retryAfter) {
    super(detail, seconds(retryAfter));
  }

  /** Whole seconds, rounded up, at least 1: a client that waits that long finds the slot free. */
  static long seconds(Duration wait) {
    return Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
  }
}
