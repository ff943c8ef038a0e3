package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;
import java.net.URI;
import java.util.Optional;
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
    Optional<NotificationChannel> credentialed = credentialed(delivery);
    if (credentialed.isEmpty()) {
      return SendOutcome.refused("the task no longer has this webhook");
    }
    NotificationChannel channel = credentialed.get();
    URI url;
    try {
      // Checked again at delivery: the operator may have turned allow-http off since the task was
      // saved.
      url = validator.validateWebhook(channel.url(), channel.method(), channel.headers());
    } catch (InvalidNotificationException e) {
      return SendOutcome.refused("Invalid notification: " + e.getMessage());
    }
    UUID id = key.id();
    byte[] body = WebhookEvent.of(delivery, id).toJson();
    return sender.send(
        new WebhookSender.Request(
            url, delivery.event().wire(), id, body, channel.secret(), channel.headers()));
  }

  /**
   * The webhook with its secret and custom headers: as the delivery carries it when it has its
   * secret (a caller without stored tasks), else as the task stores it now at the same URL. The
   * workflow's copy carries neither, since operators read payloads in the Temporal UI.
   */
  private Optional<NotificationChannel> credentialed(Delivery delivery) {
    NotificationChannel carried = delivery.channel();
    if (carried.secret() != null) {
      return Optional.of(carried);
    }
    return store
        .channel(delivery.credentialTask(), NotificationChannel.WEBHOOK)
        .filter(stored -> stored.url().equals(carried.url()) && stored.secret() != null);
  }
}
