package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.inADay;
import static ai.torale.monitor.ScriptedSearch.met;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.torale.monitor.InMemoryMonitorStore.Execution;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forced runs in pairs, faster than checks finish, across the runs' continue-as-new boundaries:
 * every run the monitor accepted ends, whichever run of the monitor accepted it.
 */
class MonitorForcedRunsTest {
  private final MonitorHarness harness = new MonitorHarness(MonitorHarness.EMAIL);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void everyAcceptedForcedRunEndsAcrossContinueAsNew() throws Exception {
    harness.search.onJudge(
        (check, request) -> met("Answer of check " + check, "News " + check, inADay(request)));
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofMinutes(1));
    harness.awaitFinished(1);

    List<UUID> accepted = new ArrayList<>();
    for (int round = 0; round < 4 * MonitorWorkflowImpl.CHECKS_PER_RUN; round++) {
      List<CompletableFuture<UUID>> pair = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        UUID execution = UUID.randomUUID();
        harness.store.insertPending(execution);
        pair.add(
            CompletableFuture.supplyAsync(() -> runNow(new RunNowRequest(execution, true, false))));
      }
      for (CompletableFuture<UUID> run : pair) {
        accepted.add(run.get(20, TimeUnit.SECONDS));
      }
      if (round % 2 == 0) {
        // Every other pair is let run to its end, so checks are counted and runs continue as new;
        // the next pair then cancels a check in flight or replaces one not begun.
        UUID last = accepted.get(accepted.size() - 1);
        harness.awaitTrue("the pair's last run finished", () -> finished(last));
      }
    }

    harness.awaitTrue(
        "every accepted run finished", () -> accepted.stream().allMatch(this::finished));
    List<ExecutionStatus> ends =
        accepted.stream()
            .map(id -> harness.store.execution(id).map(Execution::status).orElseThrow())
            .toList();
    assertEquals(ExecutionStatus.SUCCESS, ends.get(ends.size() - 1), ends::toString);
    assertNotEquals(
        harness.firstRunId,
        harness.untyped().describe().getExecution().getRunId(),
        "the forced runs crossed a continue-as-new");
  }

  private boolean finished(UUID execution) {
    return harness.store.execution(execution).map(e -> e.status().finished()).orElse(false);
  }

  /**
   * As the API asks: an update addressed by workflow id that reaches a run as it continues as new
   * is told "not found" (NOT_FOUND: Completed workflow) while the next run runs; it is not
   * accepted, and is asked again of the run that is current then.
   */
  private UUID runNow(RunNowRequest request) {
    while (true) {
      try {
        return harness.monitor().runNow(request);
      } catch (WorkflowNotFoundException e) {
        // Not accepted: ask again.
      }
    }
  }
}
