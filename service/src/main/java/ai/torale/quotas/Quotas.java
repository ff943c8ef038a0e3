package ai.torale.quotas;

import ai.torale.monitor.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The per-user limits of the API, one method per limit; each throws {@link QuotaExceeded}. Admins
 * are held to them too: a leaked admin key or a runaway script spends the same money, and operators
 * raise the limits in config. Counts of things a user holds (tasks, keys) are taken under the
 * user's lock in the transaction that adds one; rates are counted in the {@link Spends} ledger the
 * same way.
 */
public final class Quotas {
  /** Nothing frees a count limit by itself; a minute keeps automatic retries from hammering. */
  static final Duration HELD_RETRY_AFTER = Duration.ofMinutes(1);

  static final Duration HOUR = Duration.ofHours(1);
  static final Duration MINUTE = Duration.ofMinutes(1);

  private final Jdbi jdbi;
  private final QuotaSettings settings;
  private final Clock clock;

  public Quotas(Jdbi jdbi, QuotaSettings settings, Clock clock) {
    this.jdbi = jdbi;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Task create and fork, in the insert's transaction: the owner's tasks, and active ones if it
   * starts active.
   */
  public void newTask(Handle h, UUID owner, TaskState state) {
    boolean active = state == TaskState.ACTIVE;
    if (settings.tasks() == 0 && (!active || settings.activeTasks() == 0)) {
      return;
    }
    UserLock.take(h, owner);
    TaskCounts held = TaskCounts.of(h, owner);
    if (settings.tasks() > 0 && held.all() >= settings.tasks()) {
      throw new QuotaExceeded(
          "Task limit reached: " + settings.tasks() + " tasks per user; delete one to make room",
          HELD_RETRY_AFTER);
    }
    if (active) {
      checkActive(held);
    }
  }

  /** Task update, in its transaction: a task becoming active counts against the active tasks. */
  public void stateChange(Handle h, UUID owner, TaskState from, TaskState to) {
    if (to != TaskState.ACTIVE || from == TaskState.ACTIVE || settings.activeTasks() == 0) {
      return;
    }
    UserLock.take(h, owner);
    checkActive(TaskCounts.of(h, owner));
  }

  private void checkActive(TaskCounts held) {
    if (settings.activeTasks() > 0 && held.active() >= settings.activeTasks()) {
      throw new QuotaExceeded(
          "Active task limit reached: "
              + settings.activeTasks()
              + " active tasks per user; pause or complete one first",
          HELD_RETRY_AFTER);
    }
  }

  /**
   * API key creation: {@code issue} runs in this transaction (Jdbi lends a nested transaction on
   * this thread the same handle), after the count, under the user's lock.
   */
  public <T> T newApiKey(UUID owner, Supplier<T> issue) {
    if (settings.apiKeys() == 0) {
      return issue.get();
    }
    return jdbi.inTransaction(h -> {
      UserLock.take(h, owner);
      long live =
          h.createQuery(
                  "SELECT count(*) FROM api_keys WHERE user_id = :user AND revoked_at IS NULL")
              .bind("user", owner)
              .mapTo(Long.class)
              .one();
      if (live >= settings.apiKeys()) {
        throw new QuotaExceeded(
            "API key limit reached: "
                + settings.apiKeys()
                + " live keys per user; revoke one first",
            HELD_RETRY_AFTER);
      }
      return issue.get();
    });
  }

  /**
   * {@code POST /tasks/{id}/execute}, in the transaction that stores the pending run: rolled back
   * with it.
   */
  public void manualRun(Handle h, UUID owner) {
    spend(
        h,
        owner,
        Spends.Kind.MANUAL_RUN,
        HOUR,
        settings.manualRunsPerHour(),
        "Manual run limit reached: " + settings.manualRunsPerHour() + " per hour");
  }

  /** {@code POST /webhooks/test}: each test is an outbound request made for the user. */
  public void webhookTest(UUID owner) {
    if (settings.webhookTestsPerMinute() == 0) {
      return;
    }
    jdbi.useTransaction(h ->
        spend(
            h,
            owner,
            Spends.Kind.WEBHOOK_TEST,
            MINUTE,
            settings.webhookTestsPerMinute(),
            "Webhook test limit reached: " + settings.webhookTestsPerMinute() + " per minute"));
  }

  private void spend(
      Handle h, UUID user, Spends.Kind kind, Duration window, int limit, String reached) {
    if (limit == 0) {
      return;
    }
    UserLock.take(h, user);
    Instant now = clock.instant();
    Instant from = now.minus(window);
    Spends spends = new Spends(h);
    Optional<Instant> full = spends.full(user, kind, from, limit);
    if (full.isPresent()) {
      Duration wait = Duration.between(now, full.get().plus(window));
      throw new QuotaExceeded(
          reached + "; try again in " + QuotaExceeded.seconds(wait) + " s", wait);
    }
    spends.add(user, kind, from, now);
  }

  /** The tasks a user holds, all and active, in one read. */
  private record TaskCounts(long all, long active) {
    static TaskCounts of(Handle h, UUID user) {
      return h.createQuery(
              "SELECT count(*) AS all_tasks, count(*) FILTER (WHERE state = 'active') AS active "
                  + "FROM tasks WHERE user_id = :user")
          .bind("user", user)
          .map((rs, ctx) -> new TaskCounts(rs.getLong("all_tasks"), rs.getLong("active")))
          .one();
    }
  }
}
