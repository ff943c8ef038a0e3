package ai.torale.search;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Caps checks per UTC day on this instance so a runaway install cannot spend unbounded money. Zero
 * or less means unlimited.
 */
public final class DailyCheckBudget {
  private final long perDay;
  private final Clock clock;
  private LocalDate day;
  private long spent;

  public DailyCheckBudget(long perDay, Clock clock) {
    this.perDay = perDay;
    this.clock = clock;
  }

  public static DailyCheckBudget unlimited(Clock clock) {
    return new DailyCheckBudget(0, clock);
  }

  /** Takes one check from today's budget, or says the budget is spent. */
  public synchronized void spendOne() throws ProviderException {
    if (perDay <= 0) {
      return;
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    if (!today.equals(day)) {
      day = today;
      spent = 0;
    }
    if (spent >= perDay) {
      throw new ProviderException(
          ProviderFailure.BUDGET_EXHAUSTED,
          "The daily check budget of "
              + perDay
              + " checks is spent; this check was postponed to tomorrow");
    }
    spent++;
  }
}
