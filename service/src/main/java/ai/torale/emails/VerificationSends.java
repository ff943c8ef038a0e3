package ai.torale.emails;

import ai.torale.auth.UserDao;
import ai.torale.errors.LimitReached;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The log of verification emails and its limits, per hour: at most {@code perAddress} to one
 * address from all users together (no one, alone or with other accounts, can flood someone's
 * inbox), and at most {@code perUser} from one user to all addresses. Over a limit is 429 with
 * {@code Retry-After}.
 */
final class VerificationSends {
  static final Duration WINDOW = Duration.ofHours(1);

  private final int perAddress;
  private final int perUser;

  VerificationSends(int perAddress, int perUser) {
    this.perAddress = perAddress;
    this.perUser = perUser;
  }

  /** Checks the limits and logs a send by the user to the address, in the caller's transaction. */
  void record(Handle h, UUID userId, String email, Instant now) {
    // Held until commit, so parallel sends by one user or to one address are counted one after
    // another. Always
    // the user's row first, then the address's advisory lock: two sends never wait for each other
    // in a cycle.
    new UserDao(h).lock(userId);
    h.createQuery(
            "SELECT 1 FROM pg_advisory_xact_lock(hashtext('email-verification-address'), hashtext(:e))")
        .bind("e", email)
        .mapTo(Integer.class)
        .one();
    Instant since = now.minus(WINDOW);
    Optional<Duration> addressFull = wait(recent(h, "email", email, since), perAddress, now);
    if (addressFull.isPresent()) {
      throw tooMany(
          "Too many verification emails to this address; try again later", addressFull.get());
    }
    Optional<Duration> userFull = wait(recent(h, "user_id", userId, since), perUser, now);
    if (userFull.isPresent()) {
      throw tooMany(
          "Too many verification emails from this account; try again later", userFull.get());
    }
    // Sends older than the window count for nothing: this address's and this user's are dropped on
    // the way.
    h.createUpdate(
            "DELETE FROM email_verification_sends WHERE (email = :e OR user_id = :u) AND sent_at <= :since")
        .bind("e", email)
        .bind("u", userId)
        .bind("since", since)
        .execute();
    h.createUpdate(
            "INSERT INTO email_verification_sends (user_id, email, sent_at) VALUES (:u, :e, :now)")
        .bind("u", userId)
        .bind("e", email)
        .bind("now", now)
        .execute();
  }

  /** When each send in the window was made, oldest first, to the address or by the user. */
  private static List<Instant> recent(Handle h, String column, Object value, Instant since) {
    return h.createQuery(
            "SELECT sent_at FROM email_verification_sends WHERE "
                + column
                + " = :v "
                + "AND sent_at > :since ORDER BY sent_at")
        .bind("v", value)
        .bind("since", since)
        .mapTo(Instant.class)
        .list();
  }

  /**
   * How long until a send leaves the window and frees a place under {@code limit}; empty when one
   * is free.
   */
  private static Optional<Duration> wait(List<Instant> sends, int limit, Instant now) {
    if (sends.size() < limit) {
      return Optional.empty();
    }
    Duration wait = Duration.between(now, sends.get(sends.size() - limit).plus(WINDOW));
    // A send by a parallel request may carry a clock read after this one's: never more than the
    // window, however the two interleaved.
    return Optional.of(wait.compareTo(WINDOW) > 0 ? WINDOW : wait);
  }

  private static LimitReached tooMany(String detail, Duration wait) {
    return new LimitReached(detail, Math.max(1, (wait.toMillis() + 999) / 1000));
  }
}
