package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.found;
import static ai.torale.monitor.ScriptedSearch.inADay;
import static ai.torale.monitor.ScriptedSearch.inAnHour;
import static ai.torale.monitor.ScriptedSearch.met;
import static ai.torale.monitor.ScriptedSearch.nonRetryable;
import static ai.torale.monitor.ScriptedSearch.notMet;
import static ai.torale.monitor.ScriptedSearch.retryable;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.temporal.testing.WorkflowReplayer;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays committed histories of the monitor against today's code, so a change that would break
 * running monitors (a non-deterministic change) fails the build. The history was recorded by
 * running {@code ./mvnw -pl workflows test -Dtest=MonitorReplayTest -Dtorale.recordHistories=true}
 * and committed. Every change of the workflow keeps it replaying; one that cannot goes behind
 * {@code Workflow.getVersion}, and its new history is recorded under another name beside this one:
 * monitors started before the change still run it.
 */
class MonitorReplayTest {
  private static final String HISTORIES = "histories";
  private static final String RECORD = "torale.recordHistories";

  static Stream<File> histories() throws URISyntaxException {
    File dir =
        new File(
            Objects.requireNonNull(
                    MonitorReplayTest.class.getClassLoader().getResource(HISTORIES),
                    "no recorded histories on the test classpath")
                .toURI());
    File[] files =
        dir.listFiles((d, name) -> name.startsWith("monitor-") && name.endsWith(".json"));
    assertFalse(files == null || files.length == 0, "no monitor-*.json history in " + dir);
    return Arrays.stream(files).sorted();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void recordedHistoryReplaysWithTheCurrentWorkflow(File history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history, MonitorWorkflowImpl.class);
  }

  /**
   * A monitor's life touching every path of the loop: a notified check, a failed one, pause and
   * resume, a reschedule, a manual run, a forced run cancelling a rate-limited check, and
   * completion.
   */
  @Test
  @EnabledIfSystemProperty(named = RECORD, matches = "true")
  void recordLifecycleHistory() throws IOException {
    try (MonitorHarness harness =
        new MonitorHarness(MonitorHarness.EMAIL, MonitorHarness.WEBHOOK)) {
      harness.search.onSearch((check, attempt, request) ->
          switch (check) {
            case 2 -> throw nonRetryable("The search provider rejected the API key");
            case 6 -> throw retryable("Rate limited by the search provider", Duration.ofHours(1));
            default -> found("Answer of check " + check);
          });
      harness.search.onJudge((check, request) ->
          check == 1
              ? met("Rust 2.0 is planned for 1 May 2026", "Rust 2.0 has a date", inADay(request))
              : notMet("No change", inADay(request)));
      harness.start(Duration.ofSeconds(30));
      harness.sleep(Duration.ofDays(1).plus(Duration.ofMinutes(30)));

      harness.store.setState(TaskState.PAUSED);
      harness.monitor().pause();
      harness.sleep(Duration.ofDays(1));
      harness.store.setState(TaskState.ACTIVE);
      harness.monitor().resume(harness.policy.soon());
      harness.sleep(Duration.ofMinutes(1));
      harness.monitor().runNow(new RunNowRequest(UUID.randomUUID(), false, false));
      harness.awaitFinished(5);
      harness.monitor().reschedule(harness.now().plus(Duration.ofHours(2)));
      harness.sleep(Duration.ofHours(2).plus(Duration.ofMinutes(5)));
      harness.awaitTrue(
          "the rate-limited check is in flight",
          () -> harness.monitor().state().runningExecutionId() != null);
      harness.monitor().runNow(new RunNowRequest(UUID.randomUUID(), true, false));
      harness.awaitFinished(7);

      // monitor-lifecycle.json is the same life from before checks opened with their search.
      completeAndSave(harness, "monitor-opening-lifecycle.json");
    }
  }

  /**
   * A run longer than today's runs: fourteen hourly checks in one run, as a monitor started before
   * runs were cut at {@link MonitorWorkflowImpl#CHECKS_PER_RUN} checks did, then completion.
   */
  @Test
  @EnabledIfSystemProperty(named = RECORD, matches = "true")
  void recordLongRunHistory() throws IOException {
    try (MonitorHarness harness = new MonitorHarness()) {
      harness.search.onJudge((check, request) -> notMet("No change", inAnHour(request)));
      harness.start(Duration.ofSeconds(30));
      harness.sleep(Duration.ofHours(13).plus(Duration.ofMinutes(30)));
      harness.awaitFinished(14);
      completeAndSave(harness, "monitor-long-run.json");
    }
  }

  /**
   * A monitor on a namespace with its search attributes: upserts after each check, a failure and a
   * recovery (the last outcome changes), a pause and a resume, then completion.
   */
  @Test
  @EnabledIfSystemProperty(named = RECORD, matches = "true")
  void recordSearchAttributesHistory() throws IOException {
    try (MonitorHarness harness = new MonitorHarness()) {
      harness.search.failChecks(
          check -> check == 2, () -> nonRetryable("The search provider rejected the API key"));
      harness.startWithSearchAttributes(Duration.ofSeconds(30));
      harness.sleep(Duration.ofMinutes(1));
      harness.awaitFinished(1);
      harness.sleep(Duration.ofDays(1).plus(Duration.ofMinutes(30)));
      harness.awaitFinished(2);
      harness.sleep(Duration.ofHours(1));
      harness.awaitFinished(3);
      harness.store.setState(TaskState.PAUSED);
      harness.monitor().pause();
      harness.sleep(Duration.ofHours(1));
      harness.store.setState(TaskState.ACTIVE);
      harness.monitor().resume(harness.policy.soon());
      harness.sleep(Duration.ofMinutes(1));
      harness.awaitFinished(4);
      completeAndSave(harness, "monitor-search-attributes.json");
    }
  }

  /**
   * Completes the task, waits for the monitor to end, and writes its history under {@code name}.
   */
  private static void completeAndSave(MonitorHarness harness, String name) throws IOException {
    harness.store.setState(TaskState.COMPLETED);
    harness.monitor().complete();
    harness.untyped().getResult(Void.class);
    Path file = Path.of("src", "test", "resources", HISTORIES, name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, harness.client.fetchHistory(harness.workflowId()).toJson(true));
  }
}
