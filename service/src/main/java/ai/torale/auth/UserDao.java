package ai.torale.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(UserMapper.class)
public interface UserDao {

  @SqlUpdate("INSERT INTO users (id, email, is_admin, created_at) VALUES (:id, :email, :isAdmin, :createdAt)")
  void insert(@Bind("id") UUID id, @Bind("email") String email, @Bind("isAdmin") boolean isAdmin,
      @Bind("createdAt") Instant createdAt);

  @SqlQuery("SELECT * FROM users WHERE id = :id")
  Optional<User> find(@Bind("id") UUID id);

  @SqlQuery("SELECT * FROM users WHERE lower(email) = lower(:email)")
  Optional<User> findByEmail(@Bind("email") String email);

  @SqlQuery("SELECT count(*) FROM users")
  long count();
}
