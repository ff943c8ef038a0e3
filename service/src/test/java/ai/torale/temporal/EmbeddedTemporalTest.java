package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The in-process channel and the TCP port are two doors to one server: what one starts, the other sees. */
class EmbeddedTemporalTest {

  @Test
  void portAndInProcessChannelShareOneServer() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (EmbeddedTemporal server = EmbeddedTemporal.start(port)) {
      WorkflowServiceStubs inProcess = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setChannel(server.channel()).build());
      WorkflowServiceStubs overTcp = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
      try {
        inProcess.blockingStub().startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
            .setNamespace("default").setWorkflowId("door-probe").setRequestId(UUID.randomUUID().toString())
            .setWorkflowType(WorkflowType.newBuilder().setName("Probe"))
            .setTaskQueue(TaskQueue.newBuilder().setName("probe")).build());
        String type = overTcp.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default").setExecution(WorkflowExecution.newBuilder().setWorkflowId("door-probe"))
                .build())
            .getWorkflowExecutionInfo().getType().getName();
        assertEquals("Probe", type);
      } finally {
        overTcp.shutdownNow();
        inProcess.shutdownNow();
      }
    }
  }
}
