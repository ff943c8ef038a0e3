package ai.torale.temporal;

import ai.torale.digest.DigestWakeups;
import ai.torale.digest.DigestWorkflow;
import ai.torale.monitor.MonitorWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import java.util.UUID;

/**
 * The service's handle on digest workflows ({@code digest-<user uuid>}, on the monitors' task
 * queue): a wake is a signal-with-start, so a workflow that ended or was lost comes back.
 */
public final class DigestClient implements DigestWakeups {
  private final WorkflowClient client;

  public DigestClient(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public void wake(UUID userId) {
    DigestWorkflow stub =
        client.newWorkflowStub(
            DigestWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(DigestWorkflow.workflowId(userId))
                .setTaskQueue(MonitorWorkflow.TASK_QUEUE)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setStaticSummary("Digests and quiet hours of user " + userId)
                .setMemo(Map.of("user_id", userId.toString()))
                .build());
    CurrentRun.call(() -> {
      BatchRequest batch = client.newSignalWithStartRequest();
      batch.add(stub::run, userId);
      batch.add(stub::wake);
      return client.signalWithStart(batch);
    });
  }
}
