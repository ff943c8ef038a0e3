package ai.torale.notify.chat;

import ai.torale.notify.DeliveryKey;
import ai.torale.notify.DeliveryStore;
import ai.torale.notify.GuardedHttp;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.Notifier;
import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.notify.SendOutcome;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * Delivers task events on one chat platform: reads the channel's credentials from storage (the
 * workflow's copy has none), writes the platform's message and posts it through the guarded client.
 * One attempt; the Deliver activity records it and schedules any retry.
 */
public final class ChatNotifier implements Notifier {
  private final ChatPlatform platform;
  private final GuardedHttp http;
  private final DeliveryStore store;
  private final String publicUrl;
  private final Clock clock;

  /** {@code publicUrl}: the UI's base URL without a trailing slash, or null (no task links). */
  public ChatNotifier(
      ChatPlatform platform, GuardedHttp http, DeliveryStore store, String publicUrl, Clock clock) {
    this.platform = platform;
    this.http = http;
    this.store = store;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  @Override
  public String channelType() {
    return platform.type();
  }

  @Override
  public SendOutcome send(Delivery delivery, DeliveryKey key) {
    Optional<NotificationChannel> channel = credentialed(delivery);
    if (channel.isEmpty()) {
      return SendOutcome.refused("the task no longer has this " + platform.type() + " channel");
    }
    return send(channel.get(), ChatMessage.of(delivery, publicUrl));
  }

  /** One message on a channel that carries its credentials: a delivery's, or a test's. */
  public SendOutcome send(NotificationChannel channel, ChatMessage message) {
    ChatPlatform.Post post;
    try {
      // Checked again at delivery: the operator may have turned allow-http off since.
      post = platform.post(channel, message);
    } catch (InvalidNotificationException e) {
      return SendOutcome.refused("Invalid notification: " + e.getMessage());
    }
    return http.post(
        post.url(), post.headers(), post.body(), a -> platform.classify(a, clock.instant()));
  }

  /** Where a message on this channel would go, for a test's guard check before it sends. */
  public URI target(NotificationChannel channel) throws InvalidNotificationException {
    return platform.post(channel, ChatMessage.test()).url();
  }

  /**
   * The channel with its credentials: as the delivery carries it when it has them (a caller without
   * stored tasks), else as the task stores it now.
   */
  private Optional<NotificationChannel> credentialed(Delivery delivery) {
    NotificationChannel carried = delivery.channel();
    boolean complete =
        NotificationChannel.TELEGRAM.equals(carried.type())
            ? carried.botToken() != null
            : carried.url() != null && !carried.url().equals(carried.withoutSecret().url());
    if (complete) {
      return Optional.of(carried);
    }
    return store.channel(delivery.credentialTask(), platform.type());
  }
}
