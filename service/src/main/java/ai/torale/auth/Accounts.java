package ai.torale.auth;

import ai.torale.errors.DomainException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Users and their keys: creating accounts, issuing, listing and revoking keys. */
public final class Accounts {
  private final Jdbi jdbi;
  private final KnownKeys known;
  private final AuthChanges changes;
  private final Clock clock;

  public Accounts(Jdbi jdbi, KnownKeys known, AuthChanges changes, Clock clock) {
    this.jdbi = jdbi;
    this.known = known;
    this.changes = changes;
    this.clock = clock;
  }

  /** A new user with a first key; the key is returned once and never stored in the clear. */
  public IssuedUser createUser(String email, boolean admin) {
    return jdbi.inTransaction(h -> {
      User user = new User(UUID.randomUUID(), email, admin, clock.instant());
      if (!new UserDao(h).insert(user.id(), user.email(), user.isAdmin(), user.createdAt())) {
        throw DomainException.conflict("A user with this email already exists");
      }
      return new IssuedUser(user, issue(h, user.id(), "default", ApiKeys.generate()).key());
    });
  }

  public IssuedKey issueKey(User user, String name) {
    return jdbi.inTransaction(h -> issue(h, user.id(), name, ApiKeys.generate()));
  }

  public List<ApiKey> liveKeys(User user) {
    return jdbi.withHandle(h -> new ApiKeyDao(h).listLive(user.id()));
  }

  /**
   * A new key for an existing user, made by an admin: the way back in for a user who has lost every
   * key.
   */
  public IssuedUser issueKeyFor(UUID userId, String name) {
    return jdbi.inTransaction(h -> {
      User user =
          new UserDao(h).find(userId).orElseThrow(() -> DomainException.notFound("User not found"));
      return new IssuedUser(user, issue(h, user.id(), name, ApiKeys.generate()).key());
    });
  }

  /**
   * Revokes one of the user's keys, never the last live one: that would lock the user out for good.
   */
  public void revoke(User user, UUID keyId) {
    AuthChanges.Pending change =
        jdbi.inTransaction(h -> {
          // The owner's row serializes revokes: of two parallel revokes of the last two keys, the
          // second sees the first.
          new UserDao(h).lock(user.id());
          ApiKeyDao keys = new ApiKeyDao(h);
          List<ApiKey> live = keys.listLive(user.id());
          if (live.stream().noneMatch(k -> k.id().equals(keyId))) {
            throw DomainException.notFound("API key not found");
          }
          if (live.size() == 1) {
            throw DomainException.conflict("Cannot delete your only API key; create another first");
          }
          keys.revoke(keyId, user.id(), clock.instant());
          return changes.expect(h);
        });
    // This process's cache at once; then the answer of every process that heard the trigger.
    known.forgetAll();
    changes.awaitEveryProcess(change);
  }

  /**
   * Makes sure an admin owns {@code key} (the configured bootstrap key). Creates the admin account
   * on first use; a key already registered is left as it is.
   */
  public User ensureAdminKey(String adminEmail, String key) {
    return jdbi.inTransaction(h -> {
      User admin = ensureUser(h, adminEmail, true);
      ApiKeyDao keys = new ApiKeyDao(h);
      if (!keys.exists(ApiKeys.digest(key))) {
        issue(h, admin.id(), "bootstrap", key);
      }
      return admin;
    });
  }

  /** The first admin of a fresh install, with a new key, or empty when users exist already. */
  public Optional<IssuedUser> firstAdmin(String adminEmail) {
    return jdbi.inTransaction(h -> {
      if (new UserDao(h).count() > 0) {
        return Optional.empty();
      }
      User admin = ensureUser(h, adminEmail, true);
      return Optional.of(
          new IssuedUser(admin, issue(h, admin.id(), "first admin key", ApiKeys.generate()).key()));
    });
  }

  /** The one user of {@code noauth} mode. */
  public User localUser(String email) {
    return jdbi.inTransaction(h -> ensureUser(h, email, true));
  }

  private User ensureUser(Handle h, String email, boolean admin) {
    UserDao users = new UserDao(h);
    return users
        .findByEmail(email)
        .orElseGet(() -> {
          User user = new User(UUID.randomUUID(), email, admin, clock.instant());
          // Another start may have made it in between: then that one is the user.
          return users.insert(user.id(), user.email(), user.isAdmin(), user.createdAt())
              ? user
              : users.findByEmail(email).orElseThrow();
        });
  }

  private IssuedKey issue(Handle h, UUID userId, String name, String key) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    new ApiKeyDao(h).insert(id, userId, name, ApiKeys.digest(key), ApiKeys.prefix(key), now);
    return new IssuedKey(id, name, ApiKeys.prefix(key), now, key);
  }

  /** A user with the key that was just made for them. */
  public record IssuedUser(User user, String apiKey) {}

  /** A key as shown the one time it is created: with the key itself. */
  public record IssuedKey(UUID id, String name, String keyPrefix, Instant createdAt, String key) {}
}
