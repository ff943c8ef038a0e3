package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.inAnHour;
import static ai.torale.monitor.ScriptedSearch.notMet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a cached monitor keeps between its checks. Its run lasts {@link
 * MonitorWorkflowImpl#CHECKS_PER_RUN} checks and thousands of monitors stay in the worker's cache,
 * so whatever a finished check leaves reachable is held many times over.
 */
class MonitorMemoryTest {
  /** The cancellation scope of each activity and timed wait, weakly, in the order they came. */
  private final List<WeakReference<CancellationScope>> scopes = new CopyOnWriteArrayList<>();

  private final MonitorHarness harness = new MonitorHarness(List.of(new ScopeSpy()));

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void finishedChecksAndWaitsLeaveNothingReachableInTheCachedMonitor() throws InterruptedException {
    harness.search.onJudge((check, request) -> notMet("No change", inAnHour(request)));
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofHours(3).plus(Duration.ofMinutes(30)));
    harness.awaitFinished(4);

    // Three per check (open, evaluate, record) and the waits for checks 1 to 5; the wait in
    // progress holds its scope.
    assertEquals(4 * 3 + 5, scopes.size(), "activities and timed waits seen");
    List<WeakReference<CancellationScope>> finished = scopes.subList(0, scopes.size() - 1);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (finished.stream().anyMatch(s -> s.get() != null) && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
    }
    long held = finished.stream().filter(s -> s.get() != null).count();
    assertTrue(
        held == 0,
        held
            + " finished activities or waits are still held, with their state and payloads, by"
            + " the cached monitor");
  }

  /** The waits run in scopes of their own; a cancel of the whole workflow still reaches them. */
  @Test
  void aCancelledMonitorEndsWhileItWaits() {
    harness.search.onJudge((check, request) -> notMet("No change", inAnHour(request)));
    harness.start(Duration.ofSeconds(30));
    harness.sleep(Duration.ofMinutes(1));
    harness.awaitFinished(1);

    harness.untyped().cancel();

    assertThrows(WorkflowFailedException.class, () -> harness.untyped().getResult(Void.class));
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
        harness.untyped().describe().getStatus());
    assertEquals(1, harness.store.finishedCount(), "no check ran after the cancel");
  }

  private final class ScopeSpy extends WorkerInterceptorBase {
    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
      return new WorkflowInboundCallsInterceptorBase(next) {
        @Override
        public void init(WorkflowOutboundCallsInterceptor outbound) {
          super.init(
              new WorkflowOutboundCallsInterceptorBase(outbound) {
                @Override
                public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
                  remember(CancellationScope.current());
                  return super.executeActivity(input);
                }

                @Override
                public boolean await(
                    Duration timeout, String reason, Supplier<Boolean> unblockCondition) {
                  remember(CancellationScope.current());
                  return super.await(timeout, reason, unblockCondition);
                }

                @Override
                public <R> LocalActivityOutput<R> executeLocalActivity(
                    LocalActivityInput<R> input) {
                  remember(CancellationScope.current());
                  return super.executeLocalActivity(input);
                }
              });
        }
      };
    }

    /**
     * A replay (the worker dropped the monitor from its cache, or a slow machine let a sticky task
     * time out) builds the monitor anew and calls every step again; those calls are the same steps
     * seen once already, and the instance that made them first is garbage.
     */
    private void remember(CancellationScope scope) {
      if (Workflow.isReplaying()) {
        return;
      }
      scopes.add(new WeakReference<>(scope));
    }
  }
}
