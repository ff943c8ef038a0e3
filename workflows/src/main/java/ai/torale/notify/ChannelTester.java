package ai.torale.notify;

import ai.torale.notify.WebhookTester.Result;
import ai.torale.notify.chat.ChatMessage;
import ai.torale.notify.chat.ChatNotifier;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * What {@code POST /api/v1/notifications/test} does: one test message on any channel, no retries,
 * through the same validator and SSRF guard as deliveries. As for webhooks, a target that may not
 * be called is refused before anything is sent, with one message whatever the reason.
 */
public final class ChannelTester {
  private final NotificationValidator validator;
  private final AddressGuard guard;
  private final WebhookTester webhooks;
  private final Map<String, ChatNotifier> chats;

  public ChannelTester(
      NotificationValidator validator,
      AddressGuard guard,
      WebhookTester webhooks,
      Map<String, ChatNotifier> chats) {
    this.validator = validator;
    this.guard = guard;
    this.webhooks = webhooks;
    this.chats = Map.copyOf(chats);
  }

  /**
   * Sends the test message; a channel that may not be tested throws, its {@link
   * InvalidNotificationException#field()} naming the culprit.
   */
  public Result test(NotificationChannel channel) throws InvalidNotificationException {
    validator.validate(channel);
    if (channel.isWebhook()) {
      return webhooks.test(channel.url(), channel.secret(), channel.headers());
    }
    ChatNotifier chat = chats.get(channel.type());
    if (chat == null) {
      throw new InvalidNotificationException(
          channel.type() + " channels cannot be tested here", "type");
    }
    try {
      URI target = chat.target(channel);
      guard.resolve(target.getHost());
    } catch (RefusedAddressException | UnknownHostException e) {
      throw new RefusedAddressException(WebhookTester.NOT_ALLOWED);
    }
    SendOutcome outcome = chat.send(channel, ChatMessage.test());
    String message =
        outcome.delivered()
            ? "The receiver answered HTTP " + outcome.statusCode()
            : WebhookTester.capitalized(outcome.error());
    return new Result(outcome.delivered(), outcome.statusCode(), message);
  }
}
