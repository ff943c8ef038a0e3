package ai.torale.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ApiKey.class)
public interface ApiKeyDao {

  @SqlUpdate("INSERT INTO api_keys (id, user_id, name, key_hash, key_prefix, created_at) "
      + "VALUES (:id, :userId, :name, :keyHash, :keyPrefix, :createdAt)")
  void insert(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("name") String name,
      @Bind("keyHash") String keyHash, @Bind("keyPrefix") String keyPrefix, @Bind("createdAt") Instant createdAt);

  @SqlQuery("SELECT * FROM api_keys WHERE user_id = :userId AND revoked_at IS NULL ORDER BY created_at")
  List<ApiKey> listLive(@Bind("userId") UUID userId);

  @SqlUpdate("UPDATE api_keys SET revoked_at = :now WHERE id = :id AND user_id = :userId AND revoked_at IS NULL")
  int revoke(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("now") Instant now);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM api_keys WHERE key_hash = :keyHash)")
  boolean exists(@Bind("keyHash") String keyHash);
}
