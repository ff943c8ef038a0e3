package ai.torale.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The users table, on one handle (fluent queries, as {@code TaskDao} explains). */
public final class UserDao {
  static final UserMapper USERS = new UserMapper();

  private final Handle h;

  public UserDao(Handle h) {
    this.h = h;
  }

  /**
   * Inserts the user unless the address is taken (case-insensitively); false when it is. A
   * concurrent insert of the same address waits for the other transaction and then gives false,
   * never a unique violation.
   */
  public boolean insert(UUID id, String email, boolean isAdmin, Instant createdAt) {
    return h.createUpdate(
                "INSERT INTO users (id, email, is_admin, created_at) "
                    + "VALUES (:id, :email, :isAdmin, :createdAt) ON CONFLICT DO NOTHING")
            .bind("id", id)
            .bind("email", email)
            .bind("isAdmin", isAdmin)
            .bind("createdAt", createdAt)
            .execute()
        == 1;
  }

  public Optional<User> find(UUID id) {
    return h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id).map(USERS).findOne();
  }

  /**
   * Holds the user's row until the transaction ends, to serialize changes to what the user owns.
   */
  public void lock(UUID id) {
    h.createQuery("SELECT 1 FROM users WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .mapTo(Integer.class)
        .findOne();
  }

  public Optional<User> findByEmail(String email) {
    return h.createQuery("SELECT * FROM users WHERE lower(email) = lower(:email)")
        .bind("email", email)
        .map(USERS)
        .findOne();
  }

  public long count() {
    return h.createQuery("SELECT count(*) FROM users").mapTo(Long.class).one();
  }
}
