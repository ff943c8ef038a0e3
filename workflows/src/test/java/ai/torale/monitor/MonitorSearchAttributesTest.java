package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.nonRetryable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Operators filter monitors by these attributes in the Temporal UI, so they follow the task's life.
 */
class MonitorSearchAttributesTest {

  @Test
  void stateAndNextRunAreKeptCurrentWhenTheNamespaceHasThem() {
    try (MonitorHarness harness = new MonitorHarness()) {
      MonitorSearchAttributes.ALL.forEach(harness.env::registerSearchAttribute);
      harness.start(
          MonitorInput.start(harness.taskId, harness.userId, TaskState.PAUSED, null, true));
      harness.awaitTrue(
          "paused is published",
          () -> "paused".equals(attributes(harness).get(MonitorSearchAttributes.STATE)));
      assertNull(attributes(harness).get(MonitorSearchAttributes.NEXT_RUN));

      var at = harness.now().plus(Duration.ofHours(2));
      harness.monitor().resume(at);
      harness.awaitTrue(
          "active is published",
          () -> "active".equals(attributes(harness).get(MonitorSearchAttributes.STATE)));
      assertEquals(at, attributes(harness).get(MonitorSearchAttributes.NEXT_RUN).toInstant());
    }
  }

  @Test
  void withoutThemNothingIsUpserted() {
    try (MonitorHarness harness = new MonitorHarness()) {
      harness.start(
          MonitorInput.start(harness.taskId, harness.userId, TaskState.PAUSED, null, false));
      harness.monitor().resume(harness.now().plus(Duration.ofHours(2)));
      assertEquals(TaskState.ACTIVE, harness.monitor().state().state());
      assertEquals(0, attributes(harness).size());
    }
  }

  @Test
  void theLastOutcomeReadsTheSameInTheAttributesAndTheCurrentDetails() {
    try (MonitorHarness harness = new MonitorHarness()) {
      harness.search.failChecks(
          check -> check == 1, () -> nonRetryable("The search provider rejected the API key"));
      harness.startWithSearchAttributes(Duration.ofSeconds(30));

      harness.sleep(Duration.ofMinutes(1));
      harness.awaitFinished(1);
      assertLastOutcome(harness, LastOutcome.FAILED, "failed", 1);

      harness.sleep(Duration.ofMinutes(20));
      harness.awaitFinished(2);
      assertLastOutcome(harness, LastOutcome.CONDITION_NOT_MET, "condition not met", 0);
    }
  }

  private static void assertLastOutcome(
      MonitorHarness harness, LastOutcome outcome, String spelled, int failures) {
    assertEquals(spelled, attributes(harness).get(MonitorSearchAttributes.LAST_OUTCOME));
    assertEquals(outcome, harness.monitor().state().lastOutcome());
    assertEquals(
        "last check: "
            + spelled
            + " · next check: "
            + harness.monitor().state().nextRun()
            + " · failures in a row: "
            + failures,
        currentDetails(harness));
  }

  private static String currentDetails(MonitorHarness harness) {
    return harness
        .untyped()
        .query("__temporal_workflow_metadata", WorkflowMetadata.class)
        .getCurrentDetails();
  }

  private static SearchAttributes attributes(MonitorHarness harness) {
    return harness.untyped().describe().getTypedSearchAttributes();
  }
}
