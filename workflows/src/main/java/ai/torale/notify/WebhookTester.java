package ai.torale.notify;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * What {@code POST /api/v1/webhooks/test} does: one signed {@code test} event, no retries, through
 * the same validator and SSRF guard as real deliveries. A target that may not be called is refused
 * before anything is sent, with one message whatever the reason (a private address, a loopback
 * name, a name that does not resolve): telling them apart would let a caller map the server's
 * internal DNS.
 */
public final class WebhookTester {
  public static final String NOT_ALLOWED = "URL is not an allowed webhook target";

  /** The endpoint's answer; {@code statusCode} is null when the receiver never answered. */
  public record Result(boolean success, Integer statusCode, String message) {}

  private final NotificationValidator validator;
  private final AddressGuard guard;
  private final WebhookSender sender;
  private final Clock clock;

  public WebhookTester(
      NotificationValidator validator, AddressGuard guard, WebhookSender sender, Clock clock) {
    this.validator = validator;
    this.guard = guard;
    this.sender = sender;
    this.clock = clock;
  }

  /**
   * Sends the test event; {@code secret} and {@code headers} may be null. A request that may not be
   * sent throws, its {@link InvalidNotificationException#field()} naming the culprit.
   */
  public Result test(String url, String secret, Map<String, String> headers)
      throws InvalidNotificationException {
    URI uri;
    try {
      uri = validator.validateWebhook(url, null, headers);
      guard.resolve(uri.getHost());
    } catch (RefusedAddressException | UnknownHostException e) {
      throw new RefusedAddressException(NOT_ALLOWED);
    }
    UUID id = UUID.randomUUID();
    byte[] body = WebhookEvent.test(id, clock.instant()).toJson();
    SendOutcome outcome =
        sender.send(new WebhookSender.Request(uri, WebhookEvent.TEST, id, body, secret, headers));
    String message =
        outcome.delivered()
            ? "The receiver answered HTTP " + outcome.statusCode()
            : capitalized(outcome.error());
    return new Result(outcome.delivered(), outcome.statusCode(), message);
  }

  static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
