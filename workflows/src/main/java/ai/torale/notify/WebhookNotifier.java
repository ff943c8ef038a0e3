package ai.torale.notify;

import ai.torale.monitor.NotifyActivities.Delivery;
import java.net.URI;
import java.util.UUID;

/** Delivers task events to a webhook: the envelope, signed with the channel's secret. */
public final class WebhookNotifier implements Notifier {
  private final NotificationValidator validator;
  private final WebhookSender sender;

  public WebhookNotifier(NotificationValidator validator, WebhookSender sender) {
    this.validator = validator;
    this.sender = sender;
  }

  @Override
  public String channelType() {
    return NotificationChannel.WEBHOOK;
  }

  @Override
  public SendOutcome send(Delivery delivery, DeliveryKey key) {
    NotificationChannel channel = delivery.channel();
    URI url;
    try {
      // Checked again at delivery: the operator may have turned allow-http off since the task was saved.
      url = validator.validateWebhook(channel.url(), channel.method(), channel.headers());
    } catch (InvalidNotificationException e) {
      return SendOutcome.refused("Invalid notification: " + e.getMessage());
    }
    UUID id = key.id();
    byte[] body = WebhookEvent.of(delivery, id).toJson();
    return sender.send(new WebhookSender.Request(url, delivery.event(), id, body, channel.secret(),
        channel.headers()));
  }
}
