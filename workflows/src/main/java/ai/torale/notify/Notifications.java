package ai.torale.notify;

import ai.torale.notify.chat.ChatNotifier;
import ai.torale.notify.chat.ChatPlatform;
import ai.torale.notify.chat.Discord;
import ai.torale.notify.chat.Ntfy;
import ai.torale.notify.chat.Slack;
import ai.torale.notify.chat.Teams;
import ai.torale.notify.chat.Telegram;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notification feature wired from configuration: what the service builds once at start and
 * hands to the worker (the Deliver activity) and to its resources (validator, secret generator,
 * webhook and channel tests).
 */
public final class Notifications {
  private final NotificationValidator validator;
  private final WebhookSender webhookSender;
  private final WebhookSecrets secrets = new WebhookSecrets();
  private final NotifyActivitiesImpl activities;
  private final WebhookTester tester;
  private final ChannelTester channelTester;

  /**
   * {@code publicUrl} is {@code TORALE_PUBLIC_URL} (may be null); {@code smtp} with a blank host
   * disables email.
   */
  public Notifications(
      WebhookSettings webhooks,
      SmtpSettings smtp,
      String publicUrl,
      DeliveryStore store,
      Clock clock) {
    this(webhooks, ChatSettings.DEFAULT, smtp, publicUrl, store, clock);
  }

  public Notifications(
      WebhookSettings webhooks,
      ChatSettings chat,
      SmtpSettings smtp,
      String publicUrl,
      DeliveryStore store,
      Clock clock) {
    this.validator = new NotificationValidator(webhooks);
    AddressGuard guard = new AddressGuard(webhooks.allowPrivate());
    GuardedHttp http = new GuardedHttp(GuardedHttp.newHttpClient(), guard);
    this.webhookSender = new WebhookSender(http, clock);
    EmailNotifier email =
        new EmailNotifier(
            new SmtpMailer(smtp, clock),
            new EmailComposer(publicUrl),
            new EmailRateLimit(store, clock));
    String link =
        publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip().replaceAll("/+$", "");
    Map<String, ChatNotifier> chats = new LinkedHashMap<>();
    for (ChatPlatform platform :
        List.of(
            new Slack(validator),
            new Discord(validator),
            new Teams(validator),
            new Ntfy(validator),
            new Telegram(validator, chat.telegramApiUrl()))) {
      chats.put(platform.type(), new ChatNotifier(platform, http, store, link, clock));
    }
    List<Notifier> notifiers = new ArrayList<>(chats.values());
    notifiers.add(new WebhookNotifier(validator, webhookSender, store));
    notifiers.add(email);
    this.activities = new NotifyActivitiesImpl(store, notifiers, clock);
    this.tester = new WebhookTester(validator, guard, webhookSender, clock);
    this.channelTester = new ChannelTester(validator, guard, tester, chats);
  }

  /**
   * Register with the worker: {@code
   * worker.registerActivitiesImplementations(notifications.activities())}.
   */
  public NotifyActivitiesImpl activities() {
    return activities;
  }

  public NotificationValidator validator() {
    return validator;
  }

  public WebhookSecrets secrets() {
    return secrets;
  }

  public WebhookTester webhookTester() {
    return tester;
  }

  public ChannelTester channelTester() {
    return channelTester;
  }
}
