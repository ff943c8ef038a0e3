package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.inAnHour;
import static ai.torale.monitor.ScriptedSearch.met;
import static ai.torale.monitor.ScriptedSearch.nonRetryable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.InMemoryMonitorStore.Execution;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotifyActivities;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long-lived monitor continues as new every so many checks without forgetting what it carries.
 */
class MonitorContinueAsNewTest {
  private static final int LAST_OF_FIRST_RUN = MonitorWorkflowImpl.CHECKS_PER_RUN;

  private final MonitorHarness harness =
      new MonitorHarness(MonitorHarness.EMAIL, MonitorHarness.WEBHOOK);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void continueAsNewCarriesTheCounterTheFailureStreakAndTheLastNotifiedAnswer() {
    // The same news every hour; three failures straddle the continue-as-new (two before it, one
    // after).
    harness.search.failChecks(
        check -> check >= LAST_OF_FIRST_RUN - 1 && check <= LAST_OF_FIRST_RUN + 1,
        () -> nonRetryable("The search provider rejected the API key"));
    harness.search.onJudge((check, request) ->
        met("Rust 2.0 is planned for 1 May 2026", "Rust 2.0 has a date", inAnHour(request)));
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofHours(LAST_OF_FIRST_RUN + 8));

    List<Execution> executions = harness.store.executions();
    assertTrue(
        executions.size() > LAST_OF_FIRST_RUN + 3,
        "checks after the failures: " + executions.size());
    assertNotEquals(
        harness.firstRunId,
        harness.untyped().describe().getExecution().getRunId(),
        "the monitor continued as new");
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
        harness
            .client
            .newUntypedWorkflowStub(
                harness.workflowId(), Optional.of(harness.firstRunId), Optional.empty())
            .describe()
            .getStatus());

    MonitorState state = harness.monitor().state();
    assertEquals(executions.size(), state.checksRun(), "the counter goes on across runs");
    assertEquals(0, state.consecutiveFailures());

    assertEquals(
        2,
        harness.notifier.deliveries(NotificationEvent.CONDITION_MET).size(),
        "the same answer is not sent again after continue-as-new");
    List<NotifyActivities.Delivery> failing =
        harness.notifier.deliveries(NotificationEvent.FAILING);
    assertEquals(2, failing.size(), "the failure streak is carried into the new run");
    assertEquals(executions.get(LAST_OF_FIRST_RUN).id(), failing.get(0).executionId());
    List<NotifyActivities.Delivery> recovered =
        harness.notifier.deliveries(NotificationEvent.RECOVERED);
    assertEquals(2, recovered.size());
    assertEquals(executions.get(LAST_OF_FIRST_RUN + 1).id(), recovered.get(0).executionId());
  }

  @Test
  void aChannelThatIsDownDoesNotHoldUpTheChecksAtContinueAsNew() {
    // News just before the continue-as-new; its webhook delivery keeps failing and retries for a
    // day.
    harness.notifier.failWhen(delivery -> delivery.channel().isWebhook());
    harness.search.onJudge((check, request) ->
        met(
            check < LAST_OF_FIRST_RUN - 2 ? "No date yet" : "1 May 2026",
            "Rust 2.0 has a date",
            inAnHour(request)));
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofHours(LAST_OF_FIRST_RUN + 30));

    List<Execution> executions = harness.store.executions();
    assertTrue(
        executions.size() > LAST_OF_FIRST_RUN + 25, "checks went on hourly: " + executions.size());
    for (int i = 1; i < executions.size(); i++) {
      Duration gap =
          Duration.between(executions.get(i - 1).startedAt(), executions.get(i).startedAt());
      assertTrue(
          gap.compareTo(Duration.ofMinutes(65)) < 0, "check " + (i + 1) + " came " + gap + " late");
    }
    assertEquals(
        2, harness.notifier.deliveries(NotificationEvent.CONDITION_MET).size(), "by email, twice");
    assertNotEquals(
        harness.firstRunId,
        harness.untyped().describe().getExecution().getRunId(),
        "continued as new once the delivery gave up");
  }
}
