package ai.torale.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.search.ProviderFailure;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A spent daily check budget postpones checks to the next UTC day; it is not a failing task. */
class MonitorBudgetTest {
  private static final String SPENT =
      "The daily check budget of 5 checks is spent; this check was postponed to tomorrow";
  private final MonitorHarness harness = new MonitorHarness(MonitorHarness.EMAIL);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aSpentBudgetPostponesToTheNextDayWithoutCountingAsFailure() {
    harness.search.failChecks(
        check -> check <= 4,
        () ->
            ApplicationFailure.newNonRetryableFailure(
                SPENT, ProviderFailure.BUDGET_EXHAUSTED.name()));
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofHours(1));
    List<InMemoryMonitorStore.Execution> executions = harness.store.executions();
    assertEquals(1, executions.size(), "no retry within the day");
    assertEquals(SPENT, executions.get(0).errorMessage());
    Instant startedAt = executions.get(0).startedAt();
    Instant nextDay =
        startedAt
            .atZone(ZoneOffset.UTC)
            .toLocalDate()
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    Instant next = harness.monitor().state().nextRun();
    assertTrue(
        !next.isBefore(nextDay) && next.isBefore(nextDay.plus(Duration.ofHours(1))),
        "the next check waits for the budget to refill: " + next);

    harness.sleep(Duration.ofDays(4));
    assertEquals(
        0, harness.monitor().state().consecutiveFailures(), "postponed checks are not failures");
    assertTrue(
        harness.notifier.deliveries().stream()
            .noneMatch(d -> d.event().wire().equals("task.failing")),
        "nobody is told the task is failing");
  }
}
