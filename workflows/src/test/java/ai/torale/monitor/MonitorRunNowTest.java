package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.inADay;
import static ai.torale.monitor.ScriptedSearch.met;
import static ai.torale.monitor.ScriptedSearch.retryable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.InMemoryMonitorStore.Execution;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Run now": a manual check at once, refused while one runs unless forced, and then the running one
 * is cancelled.
 */
class MonitorRunNowTest {
  private final MonitorHarness harness = new MonitorHarness(MonitorHarness.EMAIL);

  @BeforeEach
  void firstScheduledCheckDone() {
    harness.search.onJudge(
        (check, request) -> met("Answer of check " + check, "News " + check, inADay(request)));
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofMinutes(1));
    harness.awaitFinished(1);
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void runNowWhileWaitingRunsAManualCheckAtOnceWithTheCallersExecutionId() {
    Instant nextRun = harness.monitor().state().nextRun();
    UUID executionId = UUID.randomUUID();
    Instant asked = harness.now();

    UUID accepted = harness.monitor().runNow(new RunNowRequest(executionId, false, false));

    assertEquals(executionId, accepted);
    harness.awaitFinished(2);
    Execution manual = harness.store.execution(executionId).orElseThrow();
    assertEquals(CheckTrigger.MANUAL, manual.trigger());
    assertEquals(ExecutionStatus.SUCCESS, manual.status());
    assertTrue(
        Duration.between(asked, manual.startedAt()).compareTo(Duration.ofSeconds(10)) < 0,
        "started at once, not at the next run " + nextRun);
    // Deliveries run after the check is recorded, as their own activities: wait for it to arrive.
    harness.awaitTrue(
        "the manual run's delivery", () -> !harness.notifier.deliveriesFor(executionId).isEmpty());
    assertEquals(1, harness.notifier.deliveriesFor(executionId).size());
  }

  @Test
  void suppressedManualRunSendsNothing() {
    UUID executionId = UUID.randomUUID();

    harness.monitor().runNow(new RunNowRequest(executionId, false, true));

    harness.awaitFinished(2);
    assertEquals(
        ExecutionStatus.SUCCESS, harness.store.execution(executionId).orElseThrow().status());
    assertTrue(harness.notifier.deliveriesFor(executionId).isEmpty());
  }

  @Test
  void manualRunOfAPausedTaskChangesNeitherStateNorSchedule() {
    harness.store.setState(TaskState.PAUSED);
    harness.monitor().pause();
    Instant nextRun = harness.monitor().state().nextRun();
    int runsStored = harness.store.scheduledRuns().size();
    UUID executionId = UUID.randomUUID();

    harness.monitor().runNow(new RunNowRequest(executionId, false, false));
    harness.awaitFinished(2);

    assertEquals(
        ExecutionStatus.SUCCESS, harness.store.execution(executionId).orElseThrow().status());
    MonitorState state = harness.monitor().state();
    assertEquals(TaskState.PAUSED, state.state());
    assertEquals(nextRun, state.nextRun());
    assertEquals(runsStored, harness.store.scheduledRuns().size());
    harness.sleep(Duration.ofDays(3));
    assertEquals(2, harness.store.executions().size(), "still paused after the manual run");
  }

  @Test
  void runNowWhileACheckRunsIsRefusedUnlessForcedAndForceCancelsTheRunningCheck() {
    // The next scheduled check is rate limited: its search waits an hour for a retry, so it stays
    // in flight.
    harness.search.failChecks(
        check -> check == 2,
        () -> retryable("Rate limited by the search provider", Duration.ofHours(1)));
    harness.sleep(Duration.ofDays(1).plus(Duration.ofMinutes(15)));
    harness.awaitTrue(
        "the second check is in flight",
        () ->
            harness.search.searchAttempts() == 2
                && harness.monitor().state().runningExecutionId() != null);
    UUID running = harness.monitor().state().runningExecutionId();

    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class,
            () -> harness.monitor().runNow(new RunNowRequest(UUID.randomUUID(), false, false)));
    ApplicationFailure reason = assertInstanceOf(ApplicationFailure.class, refused.getCause());
    assertEquals(MonitorWorkflow.ALREADY_RUNNING, reason.getOriginalMessage());
    assertEquals(CheckAlreadyRunning.TYPE, reason.getType());

    UUID forced = UUID.randomUUID();
    assertEquals(forced, harness.monitor().runNow(new RunNowRequest(forced, true, false)));
    harness.awaitTrue(
        "the forced run finished",
        () -> harness.store.execution(forced).map(e -> e.status().finished()).orElse(false));
    harness.sleep(Duration.ofHours(2));

    assertEquals(
        ExecutionStatus.CANCELLED, harness.store.execution(running).orElseThrow().status());
    Execution manual = harness.store.execution(forced).orElseThrow();
    assertEquals(CheckTrigger.MANUAL, manual.trigger());
    assertEquals(ExecutionStatus.SUCCESS, manual.status());
    assertTrue(
        harness.notifier.deliveriesFor(running).isEmpty(), "nothing sent for the cancelled check");
    assertEquals(1, harness.notifier.deliveriesFor(forced).size());
    assertEquals(3, harness.search.searchAttempts(), "the cancelled search is not retried");
  }
}
