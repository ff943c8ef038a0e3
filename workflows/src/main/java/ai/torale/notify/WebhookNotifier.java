package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;
import java.net.URI;
import java.util.UUID;

/** Delivers task events to a webhook: the envelope, signed with the channel's secret. */
public final class WebhookNotifier implements Notifier {
  private final NotificationValidator validator;
  private final WebhookSender sender;
  private final DeliveryStore store;

  public WebhookNotifier(
      NotificationValidator validator, WebhookSender sender, DeliveryStore store) {
    this.validator = validator;
    this.sender = sender;
    this.store = store;
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
      // Checked again at delivery: the operator may have turned allow-http off since the task was
      // saved.
      url = validator.validateWebhook(channel.url(), channel.method(), channel.headers());
    } catch (InvalidNotificationException e) {
      return SendOutcome.refused("Invalid notification: " + e.getMessage());
    }
    // The channel in the workflow's payload carries no secret; it is read from storage here.
    String secret =
        channel.secret() != null
            ? channel.secret()
            : store.webhookSecret(delivery.credentialTask(), channel.url()).orElse(null);
    if (secret == null) {
      return SendOutcome.refused("the task no longer has this webhook");
    }
    UUID id = key.id();
    byte[] body = WebhookEvent.of(delivery, id).toJson();
    return sender.send(
        new WebhookSender.Request(
            url, delivery.event().wire(), id, body, secret, channel.headers()));
  }
}
