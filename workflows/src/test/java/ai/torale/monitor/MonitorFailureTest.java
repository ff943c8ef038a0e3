package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.DEFAULT_ANSWER;
import static ai.torale.monitor.ScriptedSearch.found;
import static ai.torale.monitor.ScriptedSearch.nonRetryable;
import static ai.torale.monitor.ScriptedSearch.retryable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.InMemoryMonitorStore.Execution;
import ai.torale.monitor.InMemoryMonitorStore.ScheduledRun;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotifyActivities;
import ai.torale.schedule.SchedulingPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failing check is recorded and followed by the next one, with backoff; the owner hears once,
 * then recovery.
 */
class MonitorFailureTest {
  private static final String REJECTED = "The search provider rejected the API key";

  private final MonitorHarness harness = new MonitorHarness(MonitorHarness.EMAIL);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void failedChecksBackOffNotifyOnceAtThreeInARowAndOnceOnRecovery() {
    harness.search.failChecks(check -> check <= 4, () -> nonRetryable(REJECTED));
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofHours(5));

    List<Execution> executions = harness.store.executions();
    assertEquals(
        5, executions.size(), "four failures 15, 30, 60 and 120 minutes apart, then a success");
    for (Execution failed : executions.subList(0, 4)) {
      assertEquals(ExecutionStatus.FAILED, failed.status());
      assertEquals(REJECTED, failed.errorMessage());
    }
    assertEquals(ExecutionStatus.SUCCESS, executions.get(4).status());
    assertEquals(5, harness.search.searchAttempts(), "a non-retryable failure is not retried");

    List<ScheduledRun> runs = harness.store.scheduledRuns();
    for (int failures = 1; failures <= 4; failures++) {
      ScheduledRun run = runs.get(failures - 1);
      Duration backoff = SchedulingPolicy.DEFAULT_MIN.multipliedBy(1L << (failures - 1));
      Duration wait = Duration.between(run.storedAt(), run.nextRun());
      assertTrue(
          wait.compareTo(backoff) >= 0 && wait.compareTo(backoff.plus(backoff.dividedBy(50))) <= 0,
          "after " + failures + " failures the next check waits " + backoff + ", not " + wait);
    }

    List<NotifyActivities.Delivery> failing =
        harness.notifier.deliveries(NotificationEvent.FAILING);
    assertEquals(1, failing.size(), "told once that the task is failing");
    assertEquals(
        executions.get(2).id(), failing.get(0).executionId(), "at the third failure in a row");
    assertEquals(REJECTED, failing.get(0).errorMessage());
    List<NotifyActivities.Delivery> recovered =
        harness.notifier.deliveries(NotificationEvent.RECOVERED);
    assertEquals(1, recovered.size(), "told once that it works again");
    assertEquals(executions.get(4).id(), recovered.get(0).executionId());
    assertEquals(2, harness.notifier.deliveries().size());

    MonitorState state = harness.monitor().state();
    assertEquals(0, state.consecutiveFailures());
    assertEquals(TaskState.ACTIVE, state.state());
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        harness.untyped().describe().getStatus());
  }

  @Test
  void twoFailuresInARowAreNotReported() {
    harness.search.failChecks(check -> check <= 2, () -> nonRetryable(REJECTED));
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofHours(2));

    assertEquals(3, harness.store.executions().size());
    assertTrue(harness.notifier.deliveries().isEmpty(), "neither failing nor recovered");
  }

  @Test
  void retryableFailuresRetryWithinTheCheckUntilAttemptsRunOut() {
    harness.search.failChecks(
        check -> check == 1,
        () -> retryable("The search provider is rate limiting us", Duration.ofMinutes(1)));
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofMinutes(10));

    Execution first = harness.store.executions().get(0);
    assertEquals(ExecutionStatus.FAILED, first.status());
    assertEquals("The search provider is rate limiting us", first.errorMessage());
    assertEquals(6, harness.search.searchAttempts(), "the search activity's attempts");
    assertEquals(1, harness.monitor().state().consecutiveFailures());
  }

  @Test
  void aRetryThatSucceedsMakesASuccessfulCheck() {
    harness.search.onSearch((check, attempt, request) -> {
      if (attempt == 1) {
        throw retryable("Timed out talking to the search provider", Duration.ofSeconds(5));
      }
      return found(DEFAULT_ANSWER);
    });
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofMinutes(2));

    assertEquals(ExecutionStatus.SUCCESS, harness.store.executions().get(0).status());
    assertEquals(2, harness.search.searchAttempts());
    assertEquals(0, harness.monitor().state().consecutiveFailures());
  }
}
