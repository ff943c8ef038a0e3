package ai.torale.notify;

import java.time.Duration;

/**
 * What one send attempt came to. {@code result} is {@code RETRYING} for every transient failure;
 * whether time is left to retry is decided by the activity. {@code statusCode} is null when no
 * answer came. {@code retryAfter} is the wait the receiver asked for (a rate limit's Retry-After),
 * null when it named none.
 */
public record SendOutcome(
    DeliveryResult result, Integer statusCode, String error, Duration retryAfter) {

  public SendOutcome(DeliveryResult result, Integer statusCode, String error) {
    this(result, statusCode, error, null);
  }

  public static SendOutcome delivered(int statusCode) {
    return new SendOutcome(DeliveryResult.DELIVERED, statusCode, null);
  }

  public static SendOutcome retrying(Integer statusCode, String error) {
    return new SendOutcome(DeliveryResult.RETRYING, statusCode, error);
  }

  /** A transient failure whose receiver said when to come back; {@code after} may be null. */
  public static SendOutcome retryingAfter(Integer statusCode, String error, Duration after) {
    return new SendOutcome(DeliveryResult.RETRYING, statusCode, error, after);
  }

  public static SendOutcome failed(Integer statusCode, String error) {
    return new SendOutcome(DeliveryResult.FAILED, statusCode, error);
  }

  public static SendOutcome refused(String error) {
    return new SendOutcome(DeliveryResult.REFUSED, null, error);
  }

  public static SendOutcome rateLimited(String error) {
    return new SendOutcome(DeliveryResult.RATE_LIMITED, null, error);
  }

  public boolean delivered() {
    return result == DeliveryResult.DELIVERED;
  }
}
