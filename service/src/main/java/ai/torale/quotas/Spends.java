package ai.torale.quotas;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The rate quotas' ledger (table quota_spends): one row per manual run, webhook test or check. It
 * is kept apart from executions so that deleting a task does not hand its runs back. Callers hold
 * the user's {@link UserLock}.
 */
final class Spends {
  enum Kind {
    MANUAL_RUN("manual_run"),
    WEBHOOK_TEST("webhook_test"),
    CHECK("check");

    final String wire;

    Kind(String wire) {
      this.wire = wire;
    }
  }

  private final Handle h;

  Spends(Handle h) {
    this.h = h;
  }

  /**
   * When {@code limit} spends since {@code from} exist already: the oldest of the newest {@code
   * limit}, whose leaving the window frees a slot. Empty when there is room.
   */
  Optional<Instant> full(UUID user, Kind kind, Instant from, int limit) {
    return h.createQuery(
            "SELECT spent_at FROM quota_spends WHERE user_id = :user AND kind = :kind "
                + "AND spent_at >= :from ORDER BY spent_at DESC LIMIT 1 OFFSET :skip")
        .bind("user", user)
        .bind("kind", kind.wire)
        .bind("from", from)
        .bind("skip", limit - 1)
        .mapTo(Instant.class)
        .findOne();
  }

  /** Records a spend, and drops this user's spends of the kind that no window counts any more. */
  void add(UUID user, Kind kind, Instant from, Instant at) {
    h.createUpdate(
            "DELETE FROM quota_spends WHERE user_id = :user AND kind = :kind AND spent_at < :from")
        .bind("user", user)
        .bind("kind", kind.wire)
        .bind("from", from)
        .execute();
    h.createUpdate("INSERT INTO quota_spends (user_id, kind, spent_at) VALUES (:user, :kind, :at)")
        .bind("user", user)
        .bind("kind", kind.wire)
        .bind("at", at)
        .execute();
  }
}
