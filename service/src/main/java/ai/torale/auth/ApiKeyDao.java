package ai.torale.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ApiKey.class)
@RegisterRowMapper(UserMapper.class)
public interface ApiKeyDao {

  @SqlUpdate("INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, created_at) "
      + "VALUES (:id, :userId, :name, :keyHash, :keyPrefix, :createdAt)")
  void insert(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("name") String name,
      @Bind("keyHash") String keyHash, @Bind("keyPrefix") String keyPrefix, @Bind("createdAt") Instant createdAt);

  /**
   * The owner of a live key, marking its use in the same round trip; the mark is written at most once a minute,
   * so authentication does not write on every request.
   */
  @SqlQuery("WITH touched AS (UPDATE api_keys SET last_used_at = :now WHERE key_hash = :keyHash "
      + "AND revoked_at IS NULL "
      + "AND (last_used_at IS NULL OR last_used_at < CAST(:now AS timestamptz) - interval '1 minute')) "
      + "SELECT u.* FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = :keyHash AND k.revoked_at IS NULL")
  Optional<User> findOwnerAndTouch(@Bind("keyHash") String keyHash, @Bind("now") Instant now);

  @SqlQuery("SELECT * FROM api_keys WHERE user_id = :userId AND revoked_at IS NULL ORDER BY created_at")
  List<ApiKey> listLive(@Bind("userId") UUID userId);

  @SqlUpdate("UPDATE api_keys SET revoked_at = :now WHERE id = :id AND user_id = :userId AND revoked_at IS NULL")
  int revoke(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("now") Instant now);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM api_keys WHERE key_hash = :keyHash)")
  boolean exists(@Bind("keyHash") String keyHash);
}
