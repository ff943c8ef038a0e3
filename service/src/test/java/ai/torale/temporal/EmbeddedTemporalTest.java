package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.ToraleApp;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.Priority;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The in-process channel and the TCP port are two doors to one server: what one starts, the other
 * sees. The server keeps real time, keeps no log of its timer locks, however many workflows it
 * runs, and hands out queued tasks oldest first.
 */
class EmbeddedTemporalTest {
  private static final String QUEUE = "embedded-probe";
  private static final Duration NAP = Duration.ofSeconds(1);

  @WorkflowInterface
  public interface Nap {
    @WorkflowMethod
    String nap();
  }

  @ActivityInterface
  public interface Step {
    String step();
  }

  public static final class NapImpl implements Nap {
    private final Step step =
        Workflow.newActivityStub(
            Step.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String nap() {
      Workflow.sleep(NAP);
      return step.step();
    }
  }

  @Test
  void timersKeepRealTimeAndLeaveNoLockLogBehind() throws Exception {
    try (EmbeddedTemporal server = EmbeddedTemporal.start("127.0.0.1", ToraleApp.freePort());
        InProcessWorker worker =
            new InProcessWorker(server, QUEUE, NapImpl.class, (Step) () -> "done")) {
      WorkflowClient client = worker.client;
      long began = System.nanoTime();
      List<WorkflowStub> naps = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Nap nap =
            client.newWorkflowStub(
                Nap.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("nap-" + i).build());
        WorkflowClient.start(nap::nap);
        naps.add(WorkflowStub.fromTyped(nap));
      }
      for (WorkflowStub nap : naps) {
        assertEquals("done", nap.getResult(String.class));
      }
      assertTrue(
          Duration.ofNanos(System.nanoTime() - began).compareTo(NAP) >= 0,
          "timers were not skipped");
      assertEquals(0, server.timerLockLogSize(), "the timer's lock log keeps nothing");
    }
  }

  /**
   * A backlog of tasks goes out oldest first within a priority key, lower keys first, as a
   * cluster's matching service hands them out; as shipped, the test server ran the newest first.
   */
  @Test
  void queuedTasksGoOutOldestFirstWithinTheirPriority() throws Exception {
    try (EmbeddedTemporal server = EmbeddedTemporal.start("127.0.0.1", ToraleApp.freePort())) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setChannel(server.channel()).build());
      try {
        List<String> urgent = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          String id = "queued-" + i;
          boolean first = i % 4 == 3;
          (first ? urgent : rest).add(id);
          stubs
              .blockingStub()
              .startWorkflowExecution(
                  StartWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setWorkflowId(id)
                      .setRequestId(UUID.randomUUID().toString())
                      .setWorkflowType(WorkflowType.newBuilder().setName("Probe"))
                      .setTaskQueue(TaskQueue.newBuilder().setName("order-probe"))
                      .setPriority(Priority.newBuilder().setPriorityKey(first ? 1 : 3))
                      .build());
        }
        List<String> handedOut = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          handedOut.add(
              stubs
                  .blockingStub()
                  .pollWorkflowTaskQueue(
                      PollWorkflowTaskQueueRequest.newBuilder()
                          .setNamespace("default")
                          .setTaskQueue(TaskQueue.newBuilder().setName("order-probe"))
                          .setIdentity("order-probe")
                          .build())
                  .getWorkflowExecution()
                  .getWorkflowId());
        }
        List<String> expected = new ArrayList<>(urgent);
        expected.addAll(rest);
        assertEquals(expected, handedOut);
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  @Test
  void portAndInProcessChannelShareOneServer() throws Exception {
    int port = ToraleApp.freePort();
    try (EmbeddedTemporal server = EmbeddedTemporal.start("127.0.0.1", port)) {
      WorkflowServiceStubs inProcess =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setChannel(server.channel()).build());
      WorkflowServiceStubs overTcp =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
      try {
        inProcess
            .blockingStub()
            .startWorkflowExecution(
                StartWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setWorkflowId("door-probe")
                    .setRequestId(UUID.randomUUID().toString())
                    .setWorkflowType(WorkflowType.newBuilder().setName("Probe"))
                    .setTaskQueue(TaskQueue.newBuilder().setName("probe"))
                    .build());
        String type =
            overTcp
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId("door-probe"))
                        .build())
                .getWorkflowExecutionInfo()
                .getType()
                .getName();
        assertEquals("Probe", type);
      } finally {
        overTcp.shutdownNow();
        inProcess.shutdownNow();
      }
    }
  }
}
