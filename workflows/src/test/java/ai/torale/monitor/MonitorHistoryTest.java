package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.inADay;
import static ai.torale.monitor.ScriptedSearch.met;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a monitor's history holds, since a run's history stays in memory until the run ends. */
class MonitorHistoryTest {
  private final MonitorHarness harness = new MonitorHarness(MonitorHarness.EMAIL);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void localActivityMarkersKeepResultsButNotInputs() {
    harness.search.onJudge((check, request) ->
        met("Rust 2.0 is planned for 1 May 2026", "Rust 2.0 has a date", inADay(request)));
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofMinutes(1));
    harness.awaitFinished(1);

    List<MarkerRecordedEventAttributes> markers =
        harness.client.fetchHistory(harness.workflowId()).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
            .map(HistoryEvent::getMarkerRecordedEventAttributes)
            .filter(m -> m.getMarkerName().equals("LocalActivity"))
            .toList();
    // The record (the check opens with a regular activity).
    assertEquals(1, markers.size(), "local activity markers");
    for (MarkerRecordedEventAttributes marker : markers) {
      assertTrue(marker.containsDetails("result"), "a marker keeps its result: " + marker);
      assertFalse(marker.containsDetails("input"), "a marker keeps no input: " + marker);
    }
  }
}
