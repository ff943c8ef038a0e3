package ai.torale.quotas;

import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import ai.torale.search.UserCheckBudget;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Checks per user per UTC day, counted in the {@link Spends} ledger: shared by every worker, kept
 * over restarts.
 */
public final class PostgresCheckBudget implements UserCheckBudget {
  private final Jdbi jdbi;
  private final int perDay;
  private final Clock clock;

  public PostgresCheckBudget(Jdbi jdbi, int perDay, Clock clock) {
    this.jdbi = jdbi;
    this.perDay = perDay;
    this.clock = clock;
  }

  @Override
  public void spendOne(UUID taskId) {
    if (perDay == 0) {
      return;
    }
    boolean spent =
        jdbi.inTransaction(h -> {
          UUID owner = UserLock.takeOwnerOf(h, taskId).orElse(null);
          if (owner == null) {
            return true; // the task is gone; its check ends on its own
          }
          Instant now = clock.instant();
          Instant today =
              now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
          Spends spends = new Spends(h);
          if (spends.full(owner, Spends.Kind.CHECK, today, perDay).isPresent()) {
            return false;
          }
          spends.add(owner, Spends.Kind.CHECK, today, now);
          return true;
        });
    if (!spent) {
      throw new ProviderException(
          ProviderFailure.BUDGET_EXHAUSTED,
          "Your daily check budget ("
              + perDay
              + " a day) is spent; this check was postponed to tomorrow");
    }
  }
}
