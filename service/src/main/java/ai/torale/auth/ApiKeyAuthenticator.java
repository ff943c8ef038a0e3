package ai.torale.auth;

import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Finds the user behind a bearer API key. */
public final class ApiKeyAuthenticator {
  private final Jdbi jdbi;
  private final Clock clock;

  public ApiKeyAuthenticator(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public Optional<User> authenticate(String key) {
    if (!ApiKeys.wellFormed(key)) {
      return Optional.empty();
    }
    String digest = ApiKeys.digest(key);
    return jdbi.withHandle(h -> new ApiKeyDao(h).findOwnerAndTouch(digest, clock.instant()));
  }
}
