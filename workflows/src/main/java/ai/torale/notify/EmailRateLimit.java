package ai.torale.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps Torale from being used to flood an inbox: at most 10 emails per recipient per hour (across
 * all users, since anyone can type anyone's address) and 100 per user per day. Counted from
 * recorded deliveries, so the limits hold across workers and restarts; two sends racing at the
 * limit may both pass, which is harmless.
 */
public final class EmailRateLimit {
  public static final int PER_RECIPIENT_PER_HOUR = 10;
  public static final int PER_USER_PER_DAY = 100;

  private final DeliveryStore store;
  private final Clock clock;

  public EmailRateLimit(DeliveryStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Why this email may not be sent now, or empty when it may. */
  public Optional<String> refusal(String address, UUID userId) {
    Instant now = clock.instant();
    String recipient = address.toLowerCase(Locale.ROOT);
    if (store.emailsDeliveredTo(recipient, now.minus(Duration.ofHours(1)))
        >= PER_RECIPIENT_PER_HOUR) {
      return Optional.of(
          "this address has received " + PER_RECIPIENT_PER_HOUR + " emails in the last hour");
    }
    if (userId != null
        && store.emailsDeliveredFor(userId, now.minus(Duration.ofDays(1))) >= PER_USER_PER_DAY) {
      return Optional.of("this account has sent " + PER_USER_PER_DAY + " emails in the last day");
    }
    return Optional.empty();
  }
}
