package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Eventually;
import ai.torale.support.ToraleApp;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.filter.v1.WorkflowExecutionFilter;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded server lets go of closed runs: after workflows continue as new several times, a
 * purge leaves none of their closed runs (state, history, search attributes, the timeouts that hold
 * them), keeps the open ones working, and lets a workflow id whose last run closed start again. It
 * runs against the SDK version in use, so an SDK whose internals moved fails here.
 */
class ClosedRunsTest {
  private static final String QUEUE = "closed-runs-probe";
  private static final int CONTINUES = 3;
  private static final int WORKFLOWS = 3;

  @WorkflowInterface
  public interface Looper {
    /**
     * Continues as new {@code continues} times, then waits for {@link #go()}; returns its steps.
     */
    @WorkflowMethod
    int loop(int continues);

    @SignalMethod
    void go();

    @QueryMethod
    boolean waiting();
  }

  public static final class LooperImpl implements Looper {
    // A day to close, like a check's bookkeeping: the server keeps that timeout's timer a day.
    private final EmbeddedTemporalTest.Step step =
        Workflow.newActivityStub(
            EmbeddedTemporalTest.Step.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setScheduleToCloseTimeout(Duration.ofDays(1))
                .build());
    private boolean go;
    private boolean waiting;

    @Override
    public int loop(int continues) {
      step.step();
      Workflow.sleep(Duration.ofMillis(10));
      if (continues > 0) {
        Workflow.continueAsNew(continues - 1);
      }
      waiting = true;
      // A day-long timer that the signal cancels: the server keeps it until its time.
      Workflow.await(Duration.ofDays(1), () -> go);
      step.step();
      return 2;
    }

    @Override
    public void go() {
      go = true;
    }

    @Override
    public boolean waiting() {
      return waiting;
    }
  }

  @Test
  void purgedClosedRunsLeaveNothingBehindAndOpenOnesKeepWorking() throws Exception {
    // Purged only when the test asks, so what it sees before is what it left.
    try (EmbeddedTemporal server =
            EmbeddedTemporal.start("127.0.0.1", ToraleApp.freePort(), Duration.ZERO);
        InProcessWorker worker =
            new InProcessWorker(
                server, QUEUE, LooperImpl.class, (EmbeddedTemporalTest.Step) () -> "done")) {
      WorkflowClient client = worker.client;
      List<Looper> loopers = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS; i++) {
        Looper looper = looper(client, "looper-" + i);
        WorkflowClient.start(looper::loop, CONTINUES);
        loopers.add(looper);
      }
      for (Looper looper : loopers) {
        awaitWaiting(looper);
      }

      ClosedRuns.Held before = server.closedRunsHeld();
      assertEquals(WORKFLOWS * CONTINUES, before.runs(), "every continue-as-new closed a run");
      assertTrue(before.timers() > 0, "closed runs' timeouts hold them: " + before);
      assertEquals(0, server.purgeClosedRuns(Duration.ofHours(1)), "runs closed just now stay");
      assertEquals(before.runs(), server.closedRunsHeld().runs());

      assertEquals(WORKFLOWS * CONTINUES, server.purgeClosedRuns(Duration.ZERO));
      assertEquals(new ClosedRuns.Held(0, 0), server.closedRunsHeld());
      assertEquals(0, closedRuns(client, "looper-0"), "no closed run is listed");

      // The open runs carry on: their timers fire, their activities complete, they finish.
      for (Looper looper : loopers) {
        looper.go();
      }
      for (Looper looper : loopers) {
        assertEquals(2, WorkflowStub.fromTyped(looper).getResult(Integer.class));
      }
      assertEquals(WORKFLOWS, purgeUntil(server, WORKFLOWS), "the finished last runs");
      assertEquals(new ClosedRuns.Held(0, 0), server.closedRunsHeld());

      // A workflow id whose last run is gone starts afresh.
      Looper again = looper(client, "looper-0");
      WorkflowClient.start(again::loop, 0);
      awaitWaiting(again);
      again.go();
      assertEquals(2, WorkflowStub.fromTyped(again).getResult(Integer.class));
    }
  }

  private static Looper looper(WorkflowClient client, String id) {
    return client.newWorkflowStub(
        Looper.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(QUEUE)
            .setWorkflowId(id)
            // Kept per run by the server's visibility store, as a monitor's are.
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(SearchAttributeKey.forKeyword("CustomKeywordField"), id)
                    .build())
            .build());
  }

  /** Until the looper's last run waits for its signal (a query may meet a run as it closes). */
  private static void awaitWaiting(Looper looper) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (looper.waiting()) {
          return;
        }
      } catch (RuntimeException e) {
        // Between runs: ask again.
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the looper never reached its last run");
  }

  /**
   * Purges until {@code expected} runs are gone: a run that closed a moment ago may still have its
   * lock taken or its last task in a queue, and a purge skips it until its next pass, as the
   * service's periodic one does.
   */
  private static int purgeUntil(EmbeddedTemporal server, int expected) throws Exception {
    int[] purged = {0};
    Eventually.until(
        expected + " closed runs purged",
        Duration.ofSeconds(10),
        () -> {
          try {
            purged[0] += server.purgeClosedRuns(Duration.ZERO);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
          return purged[0] >= expected;
        });
    return purged[0];
  }

  /** Closed runs of the workflow id that the server lists. */
  static int closedRuns(WorkflowClient client, String workflowId) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .listClosedWorkflowExecutions(
            ListClosedWorkflowExecutionsRequest.newBuilder()
                .setNamespace("default")
                .setExecutionFilter(WorkflowExecutionFilter.newBuilder().setWorkflowId(workflowId))
                .build())
        .getExecutionsCount();
  }
}
