package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How the steps of a stop share its grace, whatever the earlier steps took. */
class StopBudgetTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final StopBudget budget = new StopBudget(Duration.ofSeconds(20), () -> now);

  @Test
  void requestsGetTheFirstQuarter() {
    assertEquals(Duration.ofSeconds(5), budget.forRequests());
  }

  @Test
  void activitiesGetWhatIsLeftUntilThreeQuartersHavePassed() {
    budget.begin();
    now = now.plusSeconds(2);
    budget.begin(); // a later call does not restart the clock
    assertEquals(Duration.ofSeconds(13), budget.forActivities());
  }

  @Test
  void aStopThatBeginsWithTheWorkerGivesItTheWholeThreeQuarters() {
    assertEquals(Duration.ofSeconds(15), budget.forActivities());
  }

  @Test
  void activitiesGetNothingOnceTheirShareHasPassed() {
    budget.begin();
    now = now.plusSeconds(16);
    assertEquals(Duration.ZERO, budget.forActivities());
  }

  @Test
  void theGraceIsPositive() {
    assertThrows(IllegalArgumentException.class, () -> new StopBudget(Duration.ZERO, () -> now));
  }
}
