package ai.torale.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.MonitorStore;
import com.codahale.metrics.MetricRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checks counted by trigger and outcome, and a scheduled check's lag, on the store's way. */
class MeteredMonitorStoreTest {
  private static final Instant PLANNED = Instant.parse("2026-12-04T06:00:00Z");

  /** A store that only answers. */
  private static final class AnsweringStore implements MonitorStore {
    @Override
    public CheckActivities.Begun beginExecution(CheckActivities.Begin check, Instant startedAt) {
      return CheckActivities.Begun.gone();
    }

    @Override
    public CheckActivities.Recorded record(
        CheckActivities.Outcome outcome, Instant completedAt, Reschedule reschedule) {
      return new CheckActivities.Recorded(null, false, List.of());
    }

    @Override
    public boolean stillRunning(UUID executionId) {
      return false;
    }
  }

  @Test
  void countsChecksByTriggerAndOutcomeAndTimesTheLagOfScheduledOnes() {
    MetricRegistry registry = new MetricRegistry();
    MeteredMonitorStore store = new MeteredMonitorStore(new AnsweringStore(), registry);
    UUID task = UUID.randomUUID();

    store.beginExecution(
        new CheckActivities.Begin(task, UUID.randomUUID(), CheckTrigger.SCHEDULED, PLANNED),
        PLANNED.plusMillis(250));
    store.beginExecution(
        new CheckActivities.Begin(task, UUID.randomUUID(), CheckTrigger.SCHEDULED, PLANNED),
        PLANNED.plusMillis(750));
    store.beginExecution(
        new CheckActivities.Begin(task, UUID.randomUUID(), CheckTrigger.MANUAL, PLANNED), PLANNED);
    store.record(
        CheckActivities.Outcome.cancelled(task, UUID.randomUUID(), "replaced", 0), PLANNED, null);
    store.record(
        CheckActivities.Outcome.failed(
            task, UUID.randomUUID(), "down", null, "UNAVAILABLE", 1, true, "t", List.of()),
        PLANNED,
        null);

    assertEquals(2, registry.counter("torale.checks.started.scheduled").getCount());
    assertEquals(1, registry.counter("torale.checks.started.manual").getCount());
    var lag = registry.timer("torale.checks.lag");
    assertEquals(2, lag.getCount());
    assertEquals(750_000_000L, lag.getSnapshot().getMax());
    assertEquals(
        1,
        registry.counter(MeteredMonitorStore.finishedCounter(ExecutionStatus.FAILED)).getCount());
    assertEquals(
        1,
        registry
            .counter(MeteredMonitorStore.finishedCounter(ExecutionStatus.CANCELLED))
            .getCount());
    assertEquals(
        0,
        registry.counter(MeteredMonitorStore.finishedCounter(ExecutionStatus.SUCCESS)).getCount());
  }
}
