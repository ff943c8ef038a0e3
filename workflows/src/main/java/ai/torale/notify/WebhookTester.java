package ai.torale.notify;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * What {@code POST /api/v1/webhooks/test} does: one signed {@code test} event, no retries, through the same
 * validator and SSRF guard as real deliveries.
 */
public final class WebhookTester {

  /** The endpoint's answer; {@code statusCode} is null when the receiver never answered. */
  public record Result(boolean success, Integer statusCode, String message) {}

  private final NotificationValidator validator;
  private final WebhookSender sender;
  private final Clock clock;

  public WebhookTester(NotificationValidator validator, WebhookSender sender, Clock clock) {
    this.validator = validator;
    this.sender = sender;
    this.clock = clock;
  }

  /** Sends the test event; {@code secret} and {@code headers} may be null. */
  public Result test(String url, String secret, Map<String, String> headers) {
    URI uri;
    try {
      uri = validator.validateWebhook(url, null, headers);
    } catch (InvalidNotificationException e) {
      return new Result(false, null, "Invalid notification: " + e.getMessage());
    }
    UUID id = UUID.randomUUID();
    byte[] body = WebhookEvent.test(id, clock.instant()).toJson();
    SendOutcome outcome = sender.send(new WebhookSender.Request(uri, WebhookEvent.TEST, id, body, secret, headers));
    String message = outcome.delivered()
        ? "The receiver answered HTTP " + outcome.statusCode()
        : capitalized(outcome.error());
    return new Result(outcome.delivered(), outcome.statusCode(), message);
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
