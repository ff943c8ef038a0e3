package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;
import java.util.Optional;

/** Delivers task events by email, within the rate limits. */
public final class EmailNotifier implements Notifier {
  private final SmtpMailer mailer;
  private final EmailComposer composer;
  private final EmailRateLimit limit;

  public EmailNotifier(SmtpMailer mailer, EmailComposer composer, EmailRateLimit limit) {
    this.mailer = mailer;
    this.composer = composer;
    this.limit = limit;
  }

  @Override
  public String channelType() {
    return NotificationChannel.EMAIL;
  }

  @Override
  public SendOutcome send(Delivery delivery, DeliveryKey key) {
    if (!mailer.configured()) {
      return SendOutcome.failed(null, "email is not configured on this Torale server");
    }
    String address = delivery.channel().address();
    if (address == null || address.isBlank()) {
      return SendOutcome.refused("the email channel has no address");
    }
    Optional<String> refusal = limit.refusal(address, delivery.userId());
    if (refusal.isPresent()) {
      return SendOutcome.rateLimited(refusal.get());
    }
    return mailer.send(composer.compose(delivery), key.id());
  }
}
