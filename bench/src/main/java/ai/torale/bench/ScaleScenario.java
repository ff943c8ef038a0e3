package ai.torale.bench;

import ai.torale.monitor.MonitorWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N active tasks inserted with JDBC, then a cold restart on the same database: the embedded
 * Temporal server is in memory, so the reconciler starts every monitor again. 1,000 of the tasks
 * are due within one minute after the restart; the others over the next week. Floor for the
 * reconcile time: N bare timer workflows started one after another (as the reconciler does) on the
 * same server.
 */
final class ScaleScenario {
  private ScaleScenario() {}

  static void run(Options o, Database db, GeminiMock mock) throws Exception {
    int n = o.intOption("tasks", 10_000);
    int dueCount = Math.min(n, o.intOption("due", 1000));
    // The due minute starts after the reconciler is expected to be done, so the lag is the
    // scheduler's own.
    int dueDelay = o.intOption("due-delay-s", 30 + n * 15 / 1000);
    App app = new App(db, mock);
    try {
      app.start();
      String userId = app.http().newUser(app.adminKey, "bench-scale@example.com")[0];
      long heapIdle = heapAfterGc();
      app.stop();

      Instant now = Instant.now();
      Instant dueStart = now.plusSeconds(dueDelay);
      Map<UUID, Long> planned = new HashMap<>();
      Random random = new Random(42);
      long insertStart = System.nanoTime();
      try (Connection c = db.connect()) {
        c.setAutoCommit(false);
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO tasks (id, user_id, name, search_query, "
                    + "condition_description, state, next_run, state_changed_at, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, 'active', ?, now(), now())")) {
          for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            Instant next =
                i < dueCount
                    ? dueStart.plusMillis(60_000L * i / dueCount)
                    : now.plusSeconds(3600 + random.nextInt(7 * 24 * 3600 - 3600));
            if (i < dueCount) {
              planned.put(id, next.toEpochMilli());
            }
            s.setObject(1, id);
            s.setObject(2, UUID.fromString(userId));
            s.setString(3, "scale " + i);
            s.setString(4, "Has ExampleCorp released version " + i + "?");
            s.setString(5, "Version " + i + " is publicly released");
            s.setTimestamp(6, Timestamp.from(next));
            s.addBatch();
            if (i % 1000 == 999) {
              s.executeBatch();
            }
          }
          s.executeBatch();
        }
        c.commit();
      }
      long insertMs = (System.nanoTime() - insertStart) / 1_000_000;
      String lastId;
      try (Connection c = db.connect();
          ResultSet r =
              c.createStatement()
                  .executeQuery(
                      "SELECT id FROM tasks WHERE state IN ('active', 'paused') ORDER BY id DESC LIMIT 1")) {
        r.next();
        lastId = r.getString(1);
      }
      Stats.comment(
          "scale: "
              + n
              + " active tasks inserted with JDBC in "
              + insertMs
              + " ms; "
              + dueCount
              + " due between restart+"
              + dueDelay
              + " s and restart+"
              + (dueDelay + 60)
              + " s, the rest spread over"
              + " 1 h to 7 days; then a cold restart (stop, start on the same database; fresh in-memory Temporal)");

      long restart = System.nanoTime();
      long startMs = app.start();
      WorkflowClient temporal = app.temporal();
      // The reconciler walks tasks in id order, one start after another: the last id up means all
      // are started.
      long deadline = System.currentTimeMillis() + 600_000;
      while (describe(temporal, lastId) == null && System.currentTimeMillis() < deadline) {
        Parallel.sleep(20);
      }
      long reconcileMs = (System.nanoTime() - restart) / 1_000_000;
      // ...and once its first workflow task is done (history: started, task
      // scheduled/started/completed, timer).
      DescribeWorkflowExecutionResponse last = describe(temporal, lastId);
      while ((last == null || last.getWorkflowExecutionInfo().getHistoryLength() < 5)
          && System.currentTimeMillis() < deadline) {
        Parallel.sleep(20);
        last = describe(temporal, lastId);
      }
      long readyMs = (System.nanoTime() - restart) / 1_000_000;
      long heapLoaded = heapAfterGc();
      AtomicInteger running = new AtomicInteger();
      List<String> ids = new ArrayList<>();
      try (Connection c = db.connect();
          ResultSet r = c.createStatement().executeQuery("SELECT id FROM tasks")) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
      Parallel.forEach(
          ids.size(),
          8,
          i -> {
            DescribeWorkflowExecutionResponse d = describe(temporal, ids.get(i));
            if (d != null
                && d.getWorkflowExecutionInfo().getStatus()
                    == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
              running.incrementAndGet();
            }
          });
      long sinceRestart = (System.nanoTime() - restart) / 1000_000;
      if (sinceRestart > dueDelay * 1000L) {
        Stats.comment(
            "warning: the due minute began before the reconciler was done ("
                + sinceRestart
                + " ms after restart); raise --due-delay-s");
      }

      Stats.figure("tasks", n, "count");
      Stats.figure("app_start", startMs, "ms");
      Stats.figure("reconcile_all_started", reconcileMs, "ms");
      Stats.figure("reconcile_all_ready", readyMs, "ms");
      Stats.figure("workflows_running", running.get(), "count");
      Stats.figure("heap_after_gc_idle", heapIdle >> 20, "MiB");
      Stats.figure("heap_after_gc_loaded", heapLoaded >> 20, "MiB");
      Stats.figure("heap_per_task", (heapLoaded - heapIdle) / n, "bytes");

      // Scheduling lag of the tasks due in the same minute.
      long waitUntil = dueStart.toEpochMilli() + 60_000 + 120_000;
      Map<UUID, Long> started = new HashMap<>();
      while (System.currentTimeMillis() < waitUntil) {
        started.clear();
        try (Connection c = db.connect();
            ResultSet r =
                c.createStatement()
                    .executeQuery(
                        "SELECT task_id, min(started_at) FROM executions WHERE trigger = 'scheduled' GROUP BY task_id")) {
          while (r.next()) {
            UUID id = UUID.fromString(r.getString(1));
            if (planned.containsKey(id)) {
              started.put(id, r.getTimestamp(2).getTime());
            }
          }
        }
        if (started.size() >= dueCount) {
          break;
        }
        Parallel.sleep(500);
      }
      List<Long> lags = new ArrayList<>();
      started.forEach((id, at) -> lags.add(at - planned.get(id)));
      Stats.figure("due_checks_started", started.size(), "count");
      Stats.figure("scheduling_lag_p50", Stats.percentile(lags, 50), "ms");
      Stats.figure("scheduling_lag_p99", Stats.percentile(lags, 99), "ms");
      Stats.figure("scheduling_lag_max", Stats.percentile(lags, 100), "ms");

      long floorMs = floor(app, n);
      Stats.figure("floor_start_all", floorMs, "ms");
      Stats.comment(
          "ratio = reconcile_all_started / floor_start_all (N bare workflows started one by one)");
      Stats.ratio(reconcileMs / (double) floorMs);
    } finally {
      app.stop();
    }
  }

  private static long floor(App app, int n) {
    WorkflowClient temporal = app.temporal();
    WorkerFactory workers =
        BareCheck.startWorker(temporal, "bench-scale-floor", new BareCheck.NoSteps());
    try {
      long due = System.currentTimeMillis() + 7L * 24 * 3600 * 1000;
      long began = System.nanoTime();
      for (int i = 0; i < n; i++) {
        WorkflowClient.start(
            temporal.newWorkflowStub(
                    BareCheck.Flow.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue("bench-scale-floor")
                        .setWorkflowId("bench-scale-" + i)
                        .build())
                ::run,
            "bench-scale-" + i,
            due);
      }
      return (System.nanoTime() - began) / 1_000_000;
    } finally {
      workers.shutdownNow();
    }
  }

  static DescribeWorkflowExecutionResponse describe(WorkflowClient temporal, String taskId) {
    try {
      return temporal
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace("default")
                  .setExecution(
                      WorkflowExecution.newBuilder()
                          .setWorkflowId(MonitorWorkflow.workflowId(UUID.fromString(taskId))))
                  .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Parallel.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
