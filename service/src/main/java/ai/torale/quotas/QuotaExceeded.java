package ai.torale.quotas;

import ai.torale.errors.DomainException;
import java.time.Duration;

/** A per-user limit is reached: 429 with {@code Retry-After}, the whole seconds until a slot frees (at least 1). */
public final class QuotaExceeded extends DomainException {
  private final long retryAfterSeconds;

  QuotaExceeded(String detail, Duration retryAfter) {
    super(Kind.LIMITED, detail);
    this.retryAfterSeconds = seconds(retryAfter);
  }

  /** Whole seconds, rounded up, at least 1: a client that waits that long finds the slot free. */
  static long seconds(Duration wait) {
    return Math.max(1, wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0));
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
