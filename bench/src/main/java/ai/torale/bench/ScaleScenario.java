package ai.torale.bench;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.tasks.Reconciler;
import com.codahale.metrics.Counter;
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
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * N active tasks inserted with JDBC, then a cold restart on the same database: the embedded
 * Temporal server is in memory, so the reconciler starts every monitor again. 1,000 of the tasks
 * are due within one minute after the restart; the others over the next week. Floor for the
 * reconcile time: N bare timer workflows started one after another (as the reconciler does) on the
 * same server. Then the steady state of many more tasks: what a later reconciler pass costs.
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
      insertTasks(
          db,
          userId,
          0,
          n,
          (i, id) -> {
            if (i >= dueCount) {
              return later(now, random);
            }
            Instant next = dueStart.plusMillis(60_000L * i / dueCount);
            planned.put(id, next.toEpochMilli());
            return next;
          });
      long insertMs = (System.nanoTime() - insertStart) / 1_000_000;
      String lastId = lastUnfinishedId(db);
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
      Stats.figure("workflow_cache", app.capacity().workflowCacheSize(), "monitors");
      WorkflowClient temporal = app.temporal();
      long deadline = System.currentTimeMillis() + 600_000;
      awaitStarted(temporal, lastId, deadline);
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

      steadyState(o, app, db, userId);

      Stats.comment(
          "ratio = reconcile_all_started / floor_start_all (N bare workflows started one by one)");
      Stats.ratio(reconcileMs / (double) floorMs);
    } finally {
      app.stop();
    }
  }

  /**
   * The tasks topped up to {@code --steady-tasks} (100,000) with JDBC, a cold restart whose first
   * pass restores every monitor, then the reconciler's later passes, timed one at a time: the
   * steady one (every monitor alive); the same over every task, as every pass was before the
   * reconciler asked only about lost monitors; and one after {@code --lost} (100) monitors were
   * terminated with their checks overdue.
   */
  private static void steadyState(Options o, App app, Database db, String userId) throws Exception {
    int total = o.intOption("steady-tasks", 100_000);
    int lost = o.intOption("lost", 100);
    app.stop();
    int have;
    try (Connection c = db.connect();
        ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM tasks")) {
      r.next();
      have = r.getInt(1);
    }
    Instant now = Instant.now();
    Random random = new Random(7);
    insertTasks(db, userId, have, Math.max(0, total - have), (i, id) -> later(now, random));
    String lastId = lastUnfinishedId(db);
    Stats.comment(
        "steady state: tasks topped up to "
            + total
            + " with JDBC (next runs 1 h to 7 days on), a cold restart; after its first pass,"
            + " passes of the reconciler called directly, each timed alone");

    long restart = System.nanoTime();
    app.start();
    WorkflowClient temporal = app.temporal();
    long deadline = System.currentTimeMillis() + 1_800_000;
    awaitStarted(temporal, lastId, deadline);
    long restoredMs = (System.nanoTime() - restart) / 1_000_000;
    Counter calls = app.metrics().counter("torale.reconciler.temporal_calls");
    // The first pass ends with its last page's starts: one call per task, then a moment for the
    // last few in flight.
    while (calls.getCount() < total && System.currentTimeMillis() < deadline) {
      Parallel.sleep(20);
    }
    Parallel.sleep(1_000);
    Reconciler reconciler = app.reconciler();

    long[] steady = timedPass(calls, reconciler::repairLost);
    long[] everyTask = timedPass(calls, reconciler::restoreAll);

    List<String> lostIds = new ArrayList<>();
    try (Connection c = db.connect()) {
      try (ResultSet r =
          c.createStatement()
              .executeQuery(
                  "SELECT id FROM tasks WHERE state = 'active' ORDER BY md5(id::text) LIMIT "
                      + lost)) {
        while (r.next()) {
          lostIds.add(r.getString(1));
        }
      }
      for (String id : lostIds) {
        temporal
            .newUntypedWorkflowStub(MonitorWorkflow.workflowId(UUID.fromString(id)))
            .terminate("bench: lost monitor");
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE tasks SET next_run = now() - interval '10 minutes' WHERE id = ANY(?)")) {
        s.setArray(1, c.createArrayOf("uuid", lostIds.toArray()));
        s.executeUpdate();
      }
    }
    long[] repair = timedPass(calls, reconciler::repairLost);

    Stats.figure("steady_tasks", total, "count");
    Stats.figure("steady_restore_all_started", restoredMs, "ms");
    Stats.figure("steady_pass_temporal_calls", steady[0], "count");
    Stats.figure("steady_pass_seconds", seconds(steady[1]), "s");
    Stats.figure("every_task_pass_temporal_calls", everyTask[0], "count");
    Stats.figure("every_task_pass_seconds", seconds(everyTask[1]), "s");
    Stats.figure("lost_monitors", lostIds.size(), "count");
    Stats.figure("repair_pass_temporal_calls", repair[0], "count");
    Stats.figure("repair_pass_seconds", seconds(repair[1]), "s");
  }

  /** The Temporal calls one pass made, as operators see them, and its wall time in nanoseconds. */
  private static long[] timedPass(Counter calls, Supplier<Reconciler.Pass> pass) {
    long before = calls.getCount();
    long began = System.nanoTime();
    pass.get();
    return new long[] {calls.getCount() - before, System.nanoTime() - began};
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }

  /** A next run between one hour and seven days after {@code now}. */
  private static Instant later(Instant now, Random random) {
    return now.plusSeconds(3600 + random.nextInt(7 * 24 * 3600 - 3600));
  }

  /** Active tasks {@code from} to {@code from + count - 1}, in batches of a thousand. */
  private static void insertTasks(
      Database db, String userId, int from, int count, BiFunction<Integer, UUID, Instant> nextRun)
      throws Exception {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO tasks (id, user_id, name, search_query, "
                  + "condition_description, state, next_run, state_changed_at, created_at) "
                  + "VALUES (?, ?, ?, ?, ?, 'active', ?, now(), now())")) {
        for (int i = from; i < from + count; i++) {
          UUID id = UUID.randomUUID();
          s.setObject(1, id);
          s.setObject(2, UUID.fromString(userId));
          s.setString(3, "scale " + i);
          s.setString(4, "Has ExampleCorp released version " + i + "?");
          s.setString(5, "Version " + i + " is publicly released");
          s.setTimestamp(6, Timestamp.from(nextRun.apply(i, id)));
          s.addBatch();
          if (i % 1000 == 999) {
            s.executeBatch();
          }
        }
        s.executeBatch();
      }
      c.commit();
    }
  }

  private static String lastUnfinishedId(Database db) throws Exception {
    try (Connection c = db.connect();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT id FROM tasks WHERE state IN ('active', 'paused') ORDER BY id DESC LIMIT 1")) {
      r.next();
      return r.getString(1);
    }
  }

  /**
   * The first pass walks tasks in id order, a page at a time: the last id up means every page's
   * starts were made.
   */
  private static void awaitStarted(WorkflowClient temporal, String lastId, long deadline) {
    while (describe(temporal, lastId) == null && System.currentTimeMillis() < deadline) {
      Parallel.sleep(20);
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
