package ai.torale.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.temporal.common.SearchAttributes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Operators filter monitors by these attributes in the Temporal UI, so they follow the task's life. */
class MonitorSearchAttributesTest {

  @Test
  void stateAndNextRunAreKeptCurrentWhenTheNamespaceHasThem() {
    try (MonitorHarness harness = new MonitorHarness()) {
      MonitorSearchAttributes.ALL.forEach(harness.env::registerSearchAttribute);
      harness.start(MonitorInput.start(harness.taskId, harness.userId, TaskState.PAUSED, null, true));
      harness.awaitTrue("paused is published", () -> "paused".equals(attributes(harness).get(MonitorSearchAttributes.STATE)));
      assertNull(attributes(harness).get(MonitorSearchAttributes.NEXT_RUN));

      var at = harness.now().plus(Duration.ofHours(2));
      harness.monitor().resume(at);
      harness.awaitTrue("active is published", () -> "active".equals(attributes(harness).get(MonitorSearchAttributes.STATE)));
      assertEquals(at, attributes(harness).get(MonitorSearchAttributes.NEXT_RUN).toInstant());
    }
  }

  @Test
  void withoutThemNothingIsUpserted() {
    try (MonitorHarness harness = new MonitorHarness()) {
      harness.start(MonitorInput.start(harness.taskId, harness.userId, TaskState.PAUSED, null, false));
      harness.monitor().resume(harness.now().plus(Duration.ofHours(2)));
      assertEquals(TaskState.ACTIVE, harness.monitor().state().state());
      assertEquals(0, attributes(harness).size());
    }
  }

  private static SearchAttributes attributes(MonitorHarness harness) {
    return harness.untyped().describe().getTypedSearchAttributes();
  }

}
