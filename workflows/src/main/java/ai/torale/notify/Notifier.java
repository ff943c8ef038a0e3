package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;

/** Sends one notification on one kind of channel; one attempt, no retries (Temporal owns those). */
public interface Notifier {

  /** The {@link NotificationChannel#type()} this notifier serves. */
  String channelType();

  SendOutcome send(Delivery delivery, DeliveryKey key);
}
