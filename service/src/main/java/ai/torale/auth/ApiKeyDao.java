package ai.torale.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The api_keys table, on one handle (fluent queries, as {@code TaskDao} explains). */
public final class ApiKeyDao {
  private final Handle h;

  public ApiKeyDao(Handle h) {
    this.h = h;
  }

  public void insert(
      UUID id, UUID userId, String name, String keyHash, String keyPrefix, Instant createdAt) {
    h.createUpdate(
            "INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, created_at) "
                + "VALUES (:id, :userId, :name, :keyHash, :keyPrefix, :createdAt)")
        .bind("id", id)
        .bind("userId", userId)
        .bind("name", name)
        .bind("keyHash", keyHash)
        .bind("keyPrefix", keyPrefix)
        .bind("createdAt", createdAt)
        .execute();
  }

  /**
   * The owner of a live key, marking its use in the same round trip; the mark is written at most
   * once a minute, so authentication does not write on every request.
   */
  public Optional<User> findOwnerAndTouch(String keyHash, Instant now) {
    return h.createQuery(
            "WITH touched AS (UPDATE api_keys SET last_used_at = :now "
                + "WHERE key_hash = :keyHash AND revoked_at IS NULL "
                + "AND (last_used_at IS NULL OR last_used_at < CAST(:now AS timestamptz) - interval '1 minute')) "
                + "SELECT u.* FROM api_keys k JOIN users u ON u.id = k.user_id "
                + "WHERE k.key_hash = :keyHash AND k.revoked_at IS NULL")
        .bind("keyHash", keyHash)
        .bind("now", now)
        .map(UserDao.USERS)
        .findOne();
  }

  /** Key management is rare: Jdbi's constructor mapper is fine here. */
  public List<ApiKey> listLive(UUID userId) {
    return h.createQuery(
            "SELECT * FROM api_keys WHERE user_id = :userId AND revoked_at IS NULL ORDER BY created_at")
        .bind("userId", userId)
        .map(ConstructorMapper.of(ApiKey.class))
        .list();
  }

  public int revoke(UUID id, UUID userId, Instant now) {
    return h.createUpdate(
            "UPDATE api_keys SET revoked_at = :now WHERE id = :id AND user_id = :userId AND revoked_at IS NULL")
        .bind("id", id)
        .bind("userId", userId)
        .bind("now", now)
        .execute();
  }

  public boolean exists(String keyHash) {
    return h.createQuery("SELECT EXISTS (SELECT 1 FROM api_keys WHERE key_hash = :keyHash)")
        .bind("keyHash", keyHash)
        .mapTo(Boolean.class)
        .one();
  }
}
