package ai.torale.notify;

import java.time.Clock;
import java.util.List;

/**
 * The notification feature wired from configuration: what the service builds once at start and
 * hands to the worker (the Deliver activity) and to its resources (validator, secret generator,
 * webhook test).
 */
public final class Notifications {
  private final NotificationValidator validator;
  private final WebhookSender webhookSender;
  private final WebhookSecrets secrets = new WebhookSecrets();
  private final NotifyActivitiesImpl activities;
  private final WebhookTester tester;

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
    this.validator = new NotificationValidator(webhooks);
    AddressGuard guard = new AddressGuard(webhooks.allowPrivate());
    this.webhookSender = new WebhookSender(WebhookSender.newHttpClient(), guard, clock);
    EmailNotifier email =
        new EmailNotifier(
            new SmtpMailer(smtp, clock),
            new EmailComposer(publicUrl),
            new EmailRateLimit(store, clock));
    this.activities =
        new NotifyActivitiesImpl(
            store, List.of(new WebhookNotifier(validator, webhookSender, store), email), clock);
    this.tester = new WebhookTester(validator, guard, webhookSender, clock);
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
}
