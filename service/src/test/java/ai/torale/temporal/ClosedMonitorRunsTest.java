package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.support.Api;
import ai.torale.support.QuickSearch;
import ai.torale.support.TestDatabase;
import ai.torale.support.TestWorker;
import ai.torale.support.ToraleApp;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Monitors continue as new on the service's own embedded server, which then lets go of their closed
 * runs by itself; the monitors keep checking afterwards.
 */
class ClosedMonitorRunsTest {
  /** Checks per run of a monitor (MonitorWorkflowImpl continues as new after this many). */
  private static final int CHECKS_PER_RUN = 10;

  private static final int RUNS = 3;

  @Test
  void theServiceLetsGoOfClosedMonitorRunsAndMonitorsKeepChecking() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("temporal.workerEnabled", "false"),
                ConfigOverride.config("quotas.manualRunsPerHour", "0"),
                ConfigOverride.config("quotas.dailyChecks", "0"))) {
      WorkerFactory workers = TestWorker.start(app, new QuickSearch(), store -> store);
      WorkflowClient temporal = app.temporal();
      try {
        Api api = app.api();
        String key =
            api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"runs@example.com\"}")
                .field("api_key");
        String task =
            api.post("/api/v1/tasks", key, "{\"search_query\":\"q\",\"state\":\"paused\"}")
                .field("id");
        String workflowId = MonitorWorkflow.workflowId(UUID.fromString(task));

        Set<String> runs = new HashSet<>();
        runs.add(currentRun(temporal, workflowId));
        // The first check of the last run comes after the second-to-last run continued as new.
        for (int i = 0; i < CHECKS_PER_RUN * (RUNS - 1) + 1; i++) {
          checkNow(api, key, task);
          runs.add(currentRun(temporal, workflowId));
        }
        assertEquals(RUNS, runs.size(), "the monitor continued as new " + (RUNS - 1) + " times");

        awaitNoClosedRuns(temporal, workflowId);
        assertEquals("success", checkNow(api, key, task), "the monitor still checks");
      } finally {
        workers.shutdownNow();
        temporal.getWorkflowServiceStubs().shutdownNow();
      }
    }
  }

  /** Runs a manual check and waits for it to finish; returns its status. */
  private static String checkNow(Api api, String key, String task) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String execution = null;
    while (execution == null && System.nanoTime() < deadline) {
      Api.Reply reply = api.post("/api/v1/tasks/" + task + "/execute", key, null);
      if (reply.status() == 200) {
        execution = reply.field("id");
      } else {
        // The last check is still being recorded, or the monitor is between two runs.
        Thread.sleep(50);
      }
    }
    while (System.nanoTime() < deadline) {
      String status =
          api.get("/api/v1/tasks/" + task + "/executions/" + execution, key).field("status");
      if (!List.of("pending", "running").contains(status)) {
        return status;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("manual check " + execution + " did not finish");
  }

  private static String currentRun(WorkflowClient temporal, String workflowId) {
    return temporal
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getExecution()
        .getRunId();
  }

  /** Until the server lists no closed run of the workflow (it removes them on its own). */
  private static void awaitNoClosedRuns(WorkflowClient temporal, String workflowId)
      throws InterruptedException {
    long deadline =
        System.nanoTime()
            + EmbeddedTemporal.CLOSED_RUN_KEPT
                .plus(EmbeddedTemporal.PURGE_INTERVAL)
                .plusMinutes(1)
                .toNanos();
    int closed = -1;
    while (System.nanoTime() < deadline) {
      try {
        closed = ClosedRunsTest.closedRuns(temporal, workflowId);
        if (closed == 0) {
          return;
        }
      } catch (StatusRuntimeException e) {
        // The test server lists without a lock: a run starting or removed meanwhile fails the list.
      }
      Thread.sleep(200);
    }
    throw new AssertionError(closed + " closed runs of " + workflowId + " are still held");
  }
}
