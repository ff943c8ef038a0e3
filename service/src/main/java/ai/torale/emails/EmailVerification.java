package ai.torale.emails;

import ai.torale.auth.ApiKeys;
import ai.torale.auth.User;
import ai.torale.errors.DomainException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a user owns an address before tasks may send there: a 6-digit code by email, valid 15
 * minutes, 5 tries, sends limited by {@link VerificationSends}. The account's own address counts as
 * verified.
 */
public final class EmailVerification {
  static final Duration CODE_LIFETIME = Duration.ofMinutes(15);
  static final int MAX_ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(EmailVerification.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;
  private final Optional<CodeMailer> mailer;
  private final VerificationSends sends;
  private final Clock clock;

  /**
   * At most {@code perAddress} codes an hour to one address (all users together), {@code perUser}
   * by one user.
   */
  public EmailVerification(
      Jdbi jdbi, Optional<CodeMailer> mailer, int perAddress, int perUser, Clock clock) {
    this.jdbi = jdbi;
    this.mailer = mailer;
    this.sends = new VerificationSends(perAddress, perUser);
    this.clock = clock;
  }

  public String send(User user, String address) {
    String email = normalize(address);
    if (isVerified(user, email)) {
      return "Email already verified";
    }
    CodeMailer sender =
        mailer.orElseThrow(() ->
            new DomainException(
                DomainException.Kind.UNAVAILABLE, "Email is not configured on this server"));
    Instant now = clock.instant();
    String code = String.format("%06d", RANDOM.nextInt(1_000_000));
    jdbi.useTransaction(h -> {
      sends.record(h, user.id(), email, now);
      h.createUpdate(
              "INSERT INTO email_verification_codes (user_id, email, code_hash, expires_at, attempts) "
                  + "VALUES (:u, :e, :hash, :expires, 0) ON CONFLICT (user_id, email) DO UPDATE "
                  + "SET code_hash = :hash, expires_at = :expires, attempts = 0")
          .bind("u", user.id())
          .bind("e", email)
          .bind("hash", ApiKeys.digest(code))
          .bind("expires", now.plus(CODE_LIFETIME))
          .execute();
    });
    try {
      sender.sendCode(email, code);
    } catch (Exception e) {
      log.warn("Verification email to {} failed: {}", email, e.getClass().getSimpleName());
      throw new DomainException(
          DomainException.Kind.UPSTREAM_FAILED,
          "The verification email could not be sent; try again later");
    }
    return "Verification code sent";
  }

  public boolean verify(User user, String address, String code) {
    String email = normalize(address);
    Instant now = clock.instant();
    return jdbi.inTransaction(h -> {
      var pending =
          h.createQuery(
                  "SELECT code_hash, expires_at, attempts FROM email_verification_codes "
                      + "WHERE user_id = :u AND email = :e FOR UPDATE")
              .bind("u", user.id())
              .bind("e", email)
              .map((rs, ctx) ->
                  new PendingCode(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3)))
              .findOne();
      if (pending.isEmpty() || now.isAfter(pending.get().expiresAt())) {
        throw DomainException.invalid("Invalid or expired code");
      }
      if (pending.get().attempts() >= MAX_ATTEMPTS) {
        throw DomainException.invalid("Too many attempts; request a new code");
      }
      if (code == null || !ApiKeys.digest(code.strip()).equals(pending.get().codeHash())) {
        h.createUpdate(
                "UPDATE email_verification_codes SET attempts = attempts + 1 WHERE user_id = :u AND email = :e")
            .bind("u", user.id())
            .bind("e", email)
            .execute();
        return false;
      }
      h.createUpdate("DELETE FROM email_verification_codes WHERE user_id = :u AND email = :e")
          .bind("u", user.id())
          .bind("e", email)
          .execute();
      h.createUpdate(
              "INSERT INTO verified_emails (user_id, email, verified_at) VALUES (:u, :e, :now) "
                  + "ON CONFLICT DO NOTHING")
          .bind("u", user.id())
          .bind("e", email)
          .bind("now", now)
          .execute();
      return true;
    });
  }

  public List<String> verified(User user) {
    List<String> all = new ArrayList<>();
    all.add(normalize(user.email()));
    all.addAll(
        jdbi.withHandle(h ->
            h.createQuery(
                    "SELECT email FROM verified_emails WHERE user_id = :u "
                        + "ORDER BY verified_at")
                .bind("u", user.id())
                .mapTo(String.class)
                .list()));
    return all.stream().distinct().toList();
  }

  public boolean isVerified(User user, String address) {
    String email = normalize(address);
    return email.equals(normalize(user.email()))
        || jdbi.withHandle(h ->
            h.createQuery(
                    "SELECT EXISTS (SELECT 1 FROM verified_emails WHERE user_id = :u AND email = :e)")
                .bind("u", user.id())
                .bind("e", email)
                .mapTo(Boolean.class)
                .one());
  }

  /**
   * A code waiting to be entered: its digest, until when it is valid, and how many wrong tries it
   * has had.
   */
  private record PendingCode(String codeHash, Instant expiresAt, int attempts) {}

  static String normalize(String address) {
    return address.strip().toLowerCase(Locale.ROOT);
  }
}
