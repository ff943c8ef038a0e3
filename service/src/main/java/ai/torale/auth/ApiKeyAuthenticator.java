package ai.torale.auth;

import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Finds the user behind a bearer API key. */
public final class ApiKeyAuthenticator {
  /**
   * The owner of a live key, marking its use in the same round trip; the mark is written at most once a minute,
   * so authentication does not write on every request.
   */
  private static final String OWNER_AND_TOUCH =
      "WITH touched AS (UPDATE api_keys SET last_used_at = :now WHERE key_hash = :keyHash AND revoked_at IS NULL "
      + "AND (last_used_at IS NULL OR last_used_at < CAST(:now AS timestamptz) - interval '1 minute')) "
      + "SELECT u.* FROM api_keys k JOIN users u ON u.id = k.user_id "
      + "WHERE k.key_hash = :keyHash AND k.revoked_at IS NULL";
  private static final UserMapper USERS = new UserMapper();
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
    // A fluent query, not a SQL object: attaching one costs more CPU than this query (profiled; every request).
    return jdbi.withHandle(h -> h.createQuery(OWNER_AND_TOUCH)
        .bind("keyHash", digest).bind("now", clock.instant()).map(USERS).findOne());
  }
}
