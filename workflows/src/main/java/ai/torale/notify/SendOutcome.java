package ai.torale.notify;

/**
 * What one send attempt came to. {@code result} is {@code RETRYING} for every transient failure;
 * whether time is left to retry is decided by the activity. {@code statusCode} is null when no
 * answer came.
 */
public record SendOutcome(DeliveryResult result, Integer statusCode, String error) {

  public static SendOutcome delivered(int statusCode) {
    return new SendOutcome(DeliveryResult.DELIVERED, statusCode, null);
  }

  public static SendOutcome retrying(Integer statusCode, String error) {
    return new SendOutcome(DeliveryResult.RETRYING, statusCode, error);
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
