package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.DEFAULT_ANSWER;
import static ai.torale.monitor.ScriptedSearch.found;
import static ai.torale.monitor.ScriptedSearch.retryable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.monitor.InMemoryMonitorStore.Execution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A check opens with its search: one activity begins it and searches, so a burst of due checks
 * sends its searches as soon as their monitors wake, not after every begin.
 */
class MonitorOpeningTest {
  private final MonitorHarness harness = new MonitorHarness(MonitorHarness.EMAIL);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aCheckBeginsAndSearchesInOneActivity() {
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofMinutes(1));
    harness.awaitFinished(1);

    assertEquals(
        List.of("OpenCheckWithSearch", "EvaluateCondition"),
        activities(),
        "the check's activities, in order");
    assertEquals(List.of("RecordOutcome"), localActivities(), "the check's local activities");
    assertEquals(ExecutionStatus.SUCCESS, harness.store.executions().get(0).status());
  }

  @Test
  void aRetriedOpeningBeginsTheSameExecutionAgain() {
    harness.search.onSearch((check, attempt, request) -> {
      if (attempt == 1) {
        throw retryable("The provider is busy", Duration.ofSeconds(5));
      }
      return found(DEFAULT_ANSWER);
    });
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofMinutes(1));
    harness.awaitFinished(1);

    List<Execution> executions = harness.store.executions();
    assertEquals(1, executions.size(), "one execution, begun by both attempts");
    assertEquals(ExecutionStatus.SUCCESS, executions.get(0).status());
    assertEquals(2, harness.search.searchAttempts());
  }

  @Test
  void storageThatCannotBeginTheCheckIsWaitedOutBeforeItSearches() {
    // The opening's begin fails, then the first two attempts of the begin step on its own.
    harness.store.failBegins(3);
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofMinutes(1));
    harness.awaitFinished(1);

    assertEquals(
        List.of("OpenCheckWithSearch", "GroundedSearch", "EvaluateCondition"),
        activities(),
        "the opening fails without searching; the check searches once storage began it");
    assertEquals(List.of("BeginCheck", "RecordOutcome"), localActivities());
    assertEquals(1, harness.search.searchAttempts());
    assertEquals(ExecutionStatus.SUCCESS, harness.store.executions().get(0).status());
  }

  private List<HistoryEvent> history() {
    return harness.client.fetchHistory(harness.workflowId()).getEvents();
  }

  private List<String> activities() {
    return history().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  private List<String> localActivities() {
    return history().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .map(HistoryEvent::getMarkerRecordedEventAttributes)
        .filter(m -> m.getMarkerName().equals("LocalActivity"))
        .map(m -> m.getDetailsOrThrow("type").getPayloads(0).getData().toStringUtf8())
        .map(type -> type.replace("\"", ""))
        .toList();
  }
}
