package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.notMet;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.InMemoryMonitorStore.Execution;
import ai.torale.monitor.InMemoryMonitorStore.ScheduledRun;
import ai.torale.notify.NotificationEvent;
import ai.torale.schedule.SchedulingPolicy;
import ai.torale.search.Judgement;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor's life over simulated days: the schedule the judge and the policy set, pause, resume,
 * complete.
 */
class MonitorScheduleTest {
  /**
   * The most {@link SchedulingPolicy} adds to a planned interval so tasks created together spread
   * out.
   */
  private static final Duration MAX_JITTER = Duration.ofMinutes(10);

  /**
   * Test time that passes while activities run: the clock locks but follows real time meanwhile.
   */
  private static final Duration SLACK = Duration.ofSeconds(30);

  private final MonitorHarness harness = new MonitorHarness(MonitorHarness.EMAIL);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void checksOnceADayForThirtyDaysWhenTheJudgeAsksForADay() {
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofDays(30));

    List<Execution> executions = harness.store.executions();
    assertEquals(30, executions.size(), "one check at the start, then one a day");
    assertTrue(
        executions.stream()
            .allMatch(e ->
                e.status() == ExecutionStatus.SUCCESS && e.trigger() == CheckTrigger.SCHEDULED));
    for (int i = 1; i < executions.size(); i++) {
      Duration gap =
          Duration.between(executions.get(i - 1).startedAt(), executions.get(i).startedAt());
      assertWithin(
          gap, Duration.ofDays(1).minus(SLACK), Duration.ofDays(1).plus(MAX_JITTER).plus(SLACK));
    }
    MonitorState state = harness.monitor().state();
    assertEquals(30, state.checksRun());
    assertEquals(TaskState.ACTIVE, state.state());
    assertEquals(
        harness.store.nextRun(), state.nextRun(), "the workflow waits for the run the store holds");
    assertTrue(harness.notifier.deliveries().isEmpty(), "the condition never held");
  }

  @Test
  void aCheckThatRecordsNoNextRunIsFollowedAfterTheUnrecordedRetry() {
    // The row was paused but its signal never came: the check stores no next run, and the monitor
    // must not spin.
    harness.store.setState(TaskState.PAUSED);
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofMinutes(1));
    harness.awaitFinished(1);
    Instant checked = harness.store.executions().get(0).completedAt();
    assertWithin(
        Duration.between(checked, harness.monitor().state().nextRun()),
        SchedulingPolicy.UNRECORDED_RETRY.minus(SLACK),
        SchedulingPolicy.UNRECORDED_RETRY.plus(SLACK));

    harness.sleep(Duration.ofMinutes(20));
    assertEquals(
        2, harness.store.executions().size(), "the next check came after the retry, not at once");
    assertTrue(
        harness.store.scheduledRuns().isEmpty(),
        "nothing was stored for a task that is not active");
  }

  @Test
  void aProposalSoonerThanTheMinimumIntervalIsClampedUp() {
    harness.search.onJudge(
        (check, request) -> notMet("Not yet", request.now().plus(Duration.ofMinutes(2))));
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofHours(6));

    for (ScheduledRun run : harness.store.scheduledRuns()) {
      assertWithin(
          Duration.between(run.storedAt(), run.nextRun()),
          SchedulingPolicy.DEFAULT_MIN,
          SchedulingPolicy.DEFAULT_MIN.plus(MAX_JITTER));
    }
    List<Execution> executions = harness.store.executions();
    assertTrue(
        executions.size() >= 22 && executions.size() <= 25,
        "about one check every 15 minutes, not every 2: " + executions.size());
  }

  @Test
  void aProposalLaterThanTheMaximumIntervalIsClampedDown() {
    harness.search.onJudge(
        (check, request) -> notMet("Not yet", request.now().plus(Duration.ofDays(30))));
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofDays(15));

    List<ScheduledRun> runs = harness.store.scheduledRuns();
    assertEquals(3, runs.size(), "checks at the start, after 7 days and after 14 days");
    for (ScheduledRun run : runs) {
      assertWithin(
          Duration.between(run.storedAt(), run.nextRun()),
          SchedulingPolicy.DEFAULT_MAX,
          SchedulingPolicy.DEFAULT_MAX.plus(MAX_JITTER));
    }
  }

  @Test
  void noChecksWhilePausedAndOneSoonAfterResume() {
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofMinutes(1));
    assertEquals(1, harness.store.executions().size());

    harness.store.setState(TaskState.PAUSED);
    harness.monitor().pause();
    harness.sleep(Duration.ofDays(5));

    assertEquals(1, harness.store.executions().size(), "no check while paused");
    assertEquals(TaskState.PAUSED, harness.monitor().state().state());

    Instant resumedAt = harness.now();
    harness.store.setState(TaskState.ACTIVE);
    harness.monitor().resume(harness.policy.soon());
    harness.sleep(Duration.ofMinutes(1));

    List<Execution> executions = harness.store.executions();
    assertEquals(2, executions.size(), "one check soon after resume");
    assertWithin(
        Duration.between(resumedAt, executions.get(1).startedAt()),
        Duration.ZERO,
        Duration.ofMinutes(1));
    assertEquals(TaskState.ACTIVE, harness.monitor().state().state());
  }

  @Test
  void completeEndsTheWorkflow() {
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofMinutes(1));

    harness.store.setState(TaskState.COMPLETED);
    harness.monitor().complete();
    harness.untyped().getResult(Void.class);

    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
        harness.untyped().describe().getStatus());
    assertEquals(1, harness.store.executions().size());
  }

  @Test
  void aGoalReachedForGoodCompletesTheTaskAfterNotifying() {
    harness.search.onJudge((check, request) ->
        new Judgement(
            true,
            "Rust 2.0 shipped on 1 May",
            "Rust 2.0 is out",
            "Release notes",
            95,
            null,
            true,
            "Rust 2.0 release",
            "scripted-judge",
            null));
    harness.start(Duration.ofSeconds(30));

    harness.untyped().getResult(Void.class);

    assertAll(
        () ->
            assertEquals(
                WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
                harness.untyped().describe().getStatus()),
        () -> assertEquals(TaskState.COMPLETED, harness.store.state()),
        () -> assertNull(harness.store.nextRun()),
        () -> assertEquals(1, harness.notifier.deliveries(NotificationEvent.CONDITION_MET).size()),
        () -> assertEquals(1, harness.store.executions().size()));
  }

  private static void assertWithin(Duration actual, Duration low, Duration high) {
    assertTrue(
        actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0,
        actual + " is not within [" + low + ", " + high + "]");
  }
}
