package ai.torale.auth;

import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Finds the user behind a bearer API key: from {@link KnownKeys} when it can, else from the
 * database, which also marks the key's use.
 */
public final class ApiKeyAuthenticator {
  private final Jdbi jdbi;
  private final KnownKeys known;
  private final Clock clock;

  public ApiKeyAuthenticator(Jdbi jdbi, KnownKeys known, Clock clock) {
    this.jdbi = jdbi;
    this.known = known;
    this.clock = clock;
  }

  public Optional<User> authenticate(String key) {
    if (!ApiKeys.wellFormed(key)) {
      return Optional.empty();
    }
    String digest = ApiKeys.digest(key);
    Optional<User> cached = known.owner(digest);
    if (cached.isPresent()) {
      return cached;
    }
    long readFrom = known.generation();
    Optional<User> owner =
        jdbi.withHandle(h -> new ApiKeyDao(h).findOwnerAndTouch(digest, clock.instant()));
    owner.ifPresent(user -> known.remember(digest, user, readFrom));
    return owner;
  }
}
