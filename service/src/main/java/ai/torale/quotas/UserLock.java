package ai.torale.quotas;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Serialises one user's quota checks until the transaction ends, so N parallel requests at a limit
 * cannot all see room. The user row is locked FOR NO KEY UPDATE: that excludes other quota checks
 * of the same user but not the key-share locks that inserting the user's tasks, keys and deliveries
 * take.
 */
final class UserLock {
  private UserLock() {}

  static void take(Handle h, UUID user) {
    h.createQuery("SELECT id FROM users WHERE id = :user FOR NO KEY UPDATE")
        .bind("user", user)
        .mapTo(UUID.class)
        .findOne();
  }

  /** Locks the owner of a task and names them; empty when the task is gone. */
  static Optional<UUID> takeOwnerOf(Handle h, UUID task) {
    return h.createQuery(
            "SELECT u.id FROM tasks t JOIN users u ON u.id = t.user_id WHERE t.id = :task "
                + "FOR NO KEY UPDATE OF u")
        .bind("task", task)
        .mapTo(UUID.class)
        .findOne();
  }
}
