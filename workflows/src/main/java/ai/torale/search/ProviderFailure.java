package ai.torale.search;

/** Classes of provider failure, each with its own retry behaviour (see {@link RetryAdvice}). */
public enum ProviderFailure {
  /** 429: wait long and try again. */
  RATE_LIMITED(true),
  /** 503 / overloaded: wait long and try again. */
  OVERLOADED(true),
  /** 5xx other than 503. */
  SERVER_ERROR(true),
  /** No answer in time. */
  TIMEOUT(true),
  /** Connection refused, reset, DNS. */
  NETWORK(true),
  /** 200 but the body is not what the provider documents. */
  MALFORMED_RESPONSE(true),
  /** 400/401/403/404, bad key, unknown model: retrying cannot help. */
  CONFIGURATION(false),
  /** A safety block or no candidates: the provider refused to answer. */
  BLOCKED(false),
  /** The service has no provider to ask. */
  NOT_CONFIGURED(false),
  /** The daily check budget is spent. */
  BUDGET_EXHAUSTED(false);

  private final boolean retryable;

  ProviderFailure(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
