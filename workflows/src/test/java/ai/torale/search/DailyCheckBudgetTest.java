package ai.torale.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.torale.support.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DailyCheckBudgetTest {
  private Instant now = Instant.parse("2026-11-29T23:00:00Z");
  private final Clock clock = new TestClock(() -> now);

  @Test
  void capsChecksPerUtcDayAndRefillsAtMidnight() {
    DailyCheckBudget budget = new DailyCheckBudget(2, clock);
    budget.spendOne();
    budget.spendOne();
    ProviderException spent = assertThrows(ProviderException.class, budget::spendOne);
    assertEquals(ProviderFailure.BUDGET_EXHAUSTED, spent.failure());
    assertEquals(false, spent.failure().retryable());

    now = now.plus(Duration.ofHours(1));
    budget.spendOne();
  }

  @Test
  void unlimitedByDefault() {
    DailyCheckBudget budget = DailyCheckBudget.unlimited(clock);
    for (int i = 0; i < 10_000; i++) {
      budget.spendOne();
    }
  }
}
