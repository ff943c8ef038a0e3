package ai.torale.errors;

/**
 * A limit is reached; the client may try again after {@code retryAfterSeconds} (the edge sends
 * Retry-After).
 */
public class LimitReached extends DomainException {
  private final long retryAfterSeconds;

  public LimitReached(String detail, long retryAfterSeconds) {
    super(Kind.LIMITED, detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
