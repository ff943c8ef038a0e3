package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.inAnHour;
import static ai.torale.monitor.ScriptedSearch.met;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.torale.notify.NotifyActivities.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries live in storage until made: a monitor rebuilt after a restart, repaired by a signal or
 * continued as new sends what is still owed, each once, at its time.
 */
class MonitorOwedDeliveriesTest {
  private final MonitorHarness harness = new MonitorHarness(MonitorHarness.WEBHOOK);

  @AfterEach
  void close() {
    harness.close();
  }

  private Delivery owed() {
    return Delivery.failing(
        new Delivery.About(harness.taskId, harness.userId, "Task", "query", "condition"),
        UUID.randomUUID(),
        "The check failed",
        harness.now(),
        null,
        MonitorHarness.WEBHOOK);
  }

  private MonitorInput rebuilt() {
    return MonitorInput.rebuilt(
        harness.taskId,
        harness.userId,
        TaskState.PAUSED,
        null,
        MonitorWorkflowImpl.FAILING_AFTER,
        false);
  }

  @Test
  void aRebuiltMonitorSendsWhatStorageOwesAtItsNextAttempt() {
    Delivery delivery = owed();
    harness.notifier.owe(delivery, harness.now().plus(Duration.ofMinutes(10)));

    harness.start(rebuilt());
    harness.sleep(Duration.ofMinutes(5));
    assertEquals(List.of(), harness.notifier.deliveries(), "not before its next attempt");

    harness.sleep(Duration.ofMinutes(10));
    assertEquals(List.of(delivery), harness.notifier.deliveries());
  }

  @Test
  void aRepairSignalLeavesADeliveryInFlightAlone() {
    Delivery delivery = owed();
    harness.notifier.owe(delivery, harness.now().plus(Duration.ofMinutes(10)));
    AtomicBoolean down = new AtomicBoolean(true);
    harness.notifier.failWhen(d -> down.get());

    MonitorWorkflow monitor = harness.start(rebuilt());
    harness.sleep(Duration.ofMinutes(12));
    monitor.resumeDeliveries();
    monitor.resumeDeliveries();
    down.set(false);
    harness.sleep(Duration.ofHours(1));

    assertEquals(List.of(delivery), harness.notifier.deliveries());
    assertEquals(1, harness.notifier.attempts(), "one attempt after the channel came back");
  }

  @Test
  void aRunContinuedAsNewWithADeliveryOwedResumesItFromStorage() {
    int checks = MonitorWorkflowImpl.CHECKS_PER_RUN;
    // Owed, next attempt after the run's last check: the run ends with it still waiting.
    Delivery delivery = owed();
    harness.notifier.owe(delivery, harness.now().plus(Duration.ofHours(checks + 5)));
    harness.search.onJudge((check, request) -> met("No date yet", null, inAnHour(request)));
    harness.start(
        MonitorInput.rebuilt(
                harness.taskId,
                harness.userId,
                TaskState.ACTIVE,
                harness.now().plus(Duration.ofSeconds(30)),
                0,
                false)
            .withPendingRun(null));

    harness.sleep(Duration.ofHours(checks + 1));
    assertNotEquals(
        harness.firstRunId,
        harness.untyped().describe().getExecution().getRunId(),
        "continued as new with the delivery owed");
    assertEquals(List.of(), harness.notifier.deliveries());

    harness.sleep(Duration.ofHours(5));
    assertEquals(List.of(delivery), harness.notifier.deliveries());
  }
}
