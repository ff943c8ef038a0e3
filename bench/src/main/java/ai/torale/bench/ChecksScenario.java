package ai.torale.bench;

import ai.torale.monitor.MonitorWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * N active tasks all due at one instant, checked on the scheduled path; floor: N bare workflows
 * with four no-op activities each, on the same embedded server in the same JVM. A second floor runs
 * the same bare workflows with activities that do only a check's unavoidable I/O ({@link IoSteps})
 * on the same tasks.
 */
final class ChecksScenario {
  private static final String OF_USER = "AND task_id IN (SELECT id FROM tasks WHERE user_id = ?)";

  /** A round's executions: those that ended after its due time (earlier rounds ended before). */
  private static final String THIS_ROUND = "AND completed_at >= ? " + OF_USER;

  private ChecksScenario() {}

  /** What one round of checks left in the database. */
  private record Round(
      List<UUID> tasks,
      int recorded,
      List<Long> walls,
      double seconds,
      int failed,
      String failure,
      CpuAccount start,
      CpuAccount end) {}

  /** One user's tasks, created paused, each with its monitor settled. */
  private record Tasks(UUID userId, List<UUID> ids) {}

  static void run(Options o, Database db, GeminiMock mock) throws Exception {
    int n = o.intOption("tasks", 1000);
    int warmup = o.intOption("warmup-tasks", 300);
    int warmupRounds = o.intOption("warmup-rounds", 4);
    try (App app = new App(db, mock)) {
      app.start();
      Stats.comment(
          "checks: "
              + n
              + " tasks created paused through the API (each has its monitor workflow, paused),"
              + " then made due at one instant T: next_run = T in PostgreSQL and the resume signal the API's resume"
              + " sends, carrying T instead of now+30s. Every check runs on the scheduled path: workflow timer ->"
              + " begin, search, evaluate, record activities. First "
              + warmupRounds
              + " warm-up rounds on "
              + warmup
              + " tasks of another user (not measured), each checking them all and then running each floor on"
              + " them, all before any is measured: a service that has been running is warm, and no side runs on"
              + " JIT work another paid for");
      if (warmup > 0 && warmupRounds > 0) {
        Tasks warm = create(app, "bench-checks-warmup@example.com", warmup, false);
        for (int r = 0; r < warmupRounds; r++) {
          int before = mock.calls().size();
          check(app, db, warm, false);
          floor(app, "floor_", new BareCheck.NoSteps(), warm.ids(), false, new double[1]);
          floor(app, "io_floor_", ioSteps(app, mock, before), warm.ids(), false, new double[1]);
        }
      }
      int mockBefore = mock.calls().size();
      Round ours = check(app, db, create(app, "bench-checks@example.com", n, true), true);
      int mockCalls = mock.calls().size() - mockBefore;
      Stats.figure("tasks", n, "count");
      Stats.figure("checks_recorded", ours.recorded(), "count");
      Stats.figure("checks_failed", ours.failed(), "count");
      if (ours.failure() != null) {
        Stats.comment("a failed check says: " + ours.failure());
      }
      Stats.figure("mock_requests", mockCalls, "count");
      Stats.figure("checks_per_second", ours.recorded() / ours.seconds(), "checks/s");
      Stats.figure("check_wall_p50", Stats.percentile(ours.walls(), 50), "ms");
      Stats.figure("check_wall_p99", Stats.percentile(ours.walls(), 99), "ms");
      double cpu = ours.end().reportSince(ours.start(), "", "check", ours.recorded());

      double floorSeconds =
          floor(app, "floor_", new BareCheck.NoSteps(), ours.tasks(), true, new double[1]);
      Stats.comment(
          "io floor: the same bare workflows whose activities do only the I/O a check cannot do without"
              + " (read the task, insert its execution; send the two model requests this round sent and read the"
              + " replies; store the result, move the task on), on the same tasks");
      double[] ioFloorCpu = new double[1];
      double ioFloorSeconds =
          floor(app, "io_floor_", ioSteps(app, mock, mockBefore), ours.tasks(), true, ioFloorCpu);
      Stats.comment(
          "io_floor_ratio: the io floor over the floor, the least ratio a check that does its I/O can"
              + " have here; ours_over_io_floor: what the service adds to that work");
      Stats.ratio("io_floor_ratio", ioFloorSeconds / floorSeconds);
      Stats.ratio("ours_over_io_floor", ours.seconds() / ioFloorSeconds);
      Stats.comment(
          "ours_over_io_floor_cpu: the same in CPU per check, which a loaded machine disturbs less");
      Stats.ratio("ours_over_io_floor_cpu", cpu / ioFloorCpu[0]);
      Stats.comment(
          "ratio = time from T until all checks are recorded / the same for the bare workflows");
      Stats.ratio(ours.seconds() / floorSeconds);
    }
  }

  /** One user's n tasks, created paused through the API; {@code report}: say how long they took. */
  private static Tasks create(App app, String email, int n, boolean report) throws Exception {
    Http http = app.http();
    String[] user = http.newUser(app.adminKey, email);
    UUID userId = UUID.fromString(user[0]);
    ConcurrentLinkedQueue<UUID> ids = new ConcurrentLinkedQueue<>();
    Parallel.forEach(
        n,
        8,
        i ->
            ids.add(
                UUID.fromString(
                    http.ok(
                            "POST",
                            "/api/v1/tasks",
                            user[1],
                            "{\"name\":\"bench "
                                + i
                                + "\",\"search_query\":\"Has ExampleCorp released version 3.0? ("
                                + i
                                + ")\","
                                + "\"condition_description\":\"Version 3.0 is publicly released\",\"state\":\"paused\"}")
                        .json()
                        .path("id")
                        .asText())));

    // A signal that reaches a monitor before its first workflow task has run is overwritten when
    // monitor()
    // initialises its fields from the input (found by this bench; see the report). Wait for every
    // monitor to
    // have run its first workflow task, as a client that resumes a task some time after creating it
    // would.
    WorkflowClient temporal = app.temporal();
    List<UUID> list = new ArrayList<>(ids);
    long settleStart = System.nanoTime();
    Parallel.forEach(
        n,
        8,
        i -> {
          while (true) {
            var d = ScaleScenario.describe(temporal, list.get(i).toString());
            if (d != null && d.getWorkflowExecutionInfo().getHistoryLength() >= 4) {
              return;
            }
            Parallel.sleep(20);
          }
        });
    if (report) {
      Stats.comment(
          "monitors settled (first workflow task done) "
              + (System.nanoTime() - settleStart) / 1_000_000
              + " ms after the last create returned");
    }
    return new Tasks(userId, list);
  }

  /**
   * The tasks made due together, checked once more each (a task checked before is due again);
   * {@code report}: say what went wrong, if anything.
   */
  private static Round check(App app, Database db, Tasks tasks, boolean report) throws Exception {
    WorkflowClient temporal = app.temporal();
    UUID userId = tasks.userId();
    List<UUID> list = tasks.ids();
    int n = list.size();
    // Due at T, far enough ahead that every signal is in before it.
    Instant due = Instant.now().plusMillis(3000 + 6L * n);
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE tasks SET state = 'active', next_run = ?, state_changed_at = now(), updated_at = now() "
                    + "WHERE user_id = ?")) {
      s.setTimestamp(1, Timestamp.from(due));
      s.setObject(2, userId);
      s.executeUpdate();
    }
    Parallel.forEach(
        n,
        8,
        i ->
            temporal
                .newWorkflowStub(MonitorWorkflow.class, MonitorWorkflow.workflowId(list.get(i)))
                .resume(due));
    warnIfLate(due);
    CpuAccount cpuStart = CpuAccount.now();

    long timeout = due.toEpochMilli() + Long.getLong("bench.timeoutMs", 120_000L + 200L * n);
    int recorded = awaitRecorded(db, userId, due, n, timeout);
    CpuAccount cpuEnd = CpuAccount.now();
    if (recorded < n && report) {
      int shown = 0;
      for (UUID id : list) {
        try (Connection c = db.connect();
            PreparedStatement s =
                c.prepareStatement("SELECT count(*) FROM executions WHERE task_id = ?")) {
          s.setObject(1, id);
          try (ResultSet r = s.executeQuery()) {
            r.next();
            if (r.getInt(1) == 0 && shown++ < 3) {
              Stats.comment(
                  "  never checked: task "
                      + id
                      + ", monitor says "
                      + temporal
                          .newWorkflowStub(MonitorWorkflow.class, MonitorWorkflow.workflowId(id))
                          .state());
            }
          }
        }
      }
    }
    List<Long> walls = new ArrayList<>();
    long lastCompleted = 0;
    int failed = 0;
    String failure = null;
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT started_at, completed_at, status, error_message FROM executions "
                    + "WHERE status IN ('success', 'failed', 'cancelled') "
                    + THIS_ROUND)) {
      s.setTimestamp(1, Timestamp.from(due));
      s.setObject(2, userId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long started = r.getTimestamp(1).getTime();
          long completed = r.getTimestamp(2).getTime();
          walls.add(completed - started);
          lastCompleted = Math.max(lastCompleted, completed);
          if (!"success".equals(r.getString(3))) {
            failed++;
            failure = r.getString(4);
          }
        }
      }
    }
    return new Round(
        list,
        recorded,
        walls,
        (lastCompleted - due.toEpochMilli()) / 1000.0,
        failed,
        failure,
        cpuStart,
        cpuEnd);
  }

  /**
   * The I/O floor's activities, replaying the model requests the service sent since {@code
   * firstCall}.
   */
  private static IoSteps ioSteps(App app, GeminiMock mock, int firstCall) {
    List<GeminiMock.Call> calls = mock.calls().subList(firstCall, mock.calls().size());
    return new IoSteps(
        app.floorJdbi(),
        mock.baseUrl(),
        lastOfKind(calls, "search"),
        lastOfKind(calls, "evaluate"));
  }

  private static GeminiMock.Call lastOfKind(List<GeminiMock.Call> calls, String kind) {
    return calls.stream()
        .filter(c -> c.kind().equals(kind))
        .reduce((a, b) -> b)
        .orElseThrow(
            () -> new IllegalStateException("the round sent the mock no " + kind + " request"));
  }

  /**
   * One bare workflow per task, all due together, with the given activities on a task queue of
   * their own; returns seconds from due until all are done, and when reported, the CPU per check in
   * {@code cpu[0]}.
   */
  private static double floor(
      App app,
      String prefix,
      BareCheck.Steps steps,
      List<UUID> tasks,
      boolean report,
      double[] cpu) {
    int n = tasks.size();
    WorkflowClient temporal = app.temporal();
    String taskQueue = "bench-" + prefix.replace('_', '-') + "checks";
    WorkerFactory workers = BareCheck.startWorker(temporal, taskQueue, steps);
    try {
      BareCheck.DONE.clear();
      Instant due = Instant.now().plusMillis(3000 + 6L * n);
      String run = UUID.randomUUID().toString().substring(0, 8);
      Parallel.forEach(
          n,
          8,
          i ->
              WorkflowClient.start(
                  temporal.newWorkflowStub(
                          BareCheck.Flow.class,
                          WorkflowOptions.newBuilder()
                              .setTaskQueue(taskQueue)
                              .setWorkflowId("bench-" + run + "-" + i)
                              .build())
                      ::run,
                  tasks.get(i).toString(),
                  due.toEpochMilli()));
      warnIfLate(due);
      CpuAccount cpuStart = CpuAccount.now();
      long deadline = due.toEpochMilli() + 120_000 + 200L * n;
      while (BareCheck.DONE.size() < n && System.currentTimeMillis() < deadline) {
        Parallel.sleep(100);
      }
      CpuAccount cpuEnd = CpuAccount.now();
      List<Long> walls = new ArrayList<>();
      long last = 0;
      for (long[] d : BareCheck.DONE) {
        walls.add(d[1] - d[0]);
        last = Math.max(last, d[1]);
      }
      double seconds = (last - due.toEpochMilli()) / 1000.0;
      if (!report) {
        return seconds;
      }
      Stats.figure(prefix + "checks_recorded", BareCheck.DONE.size(), "count");
      Stats.figure(prefix + "checks_per_second", BareCheck.DONE.size() / seconds, "checks/s");
      Stats.figure(prefix + "check_wall_p50", Stats.percentile(walls, 50), "ms");
      Stats.figure(prefix + "check_wall_p99", Stats.percentile(walls, 99), "ms");
      cpu[0] = cpuEnd.reportSince(cpuStart, prefix, "check", BareCheck.DONE.size());
      return seconds;
    } finally {
      workers.shutdownNow();
    }
  }

  static void warnIfLate(Instant due) {
    long late = System.currentTimeMillis() - due.toEpochMilli();
    if (late > 0) {
      Stats.comment(
          "warning: setup finished " + late + " ms after the due time; the rate includes setup");
    }
  }

  private static int awaitRecorded(Database db, UUID userId, Instant due, int n, long deadline)
      throws Exception {
    int recorded = 0;
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM executions WHERE status IN ('success', 'failed', 'cancelled') "
                    + THIS_ROUND)) {
      s.setTimestamp(1, Timestamp.from(due));
      s.setObject(2, userId);
      while (System.currentTimeMillis() < deadline) {
        try (ResultSet r = s.executeQuery()) {
          r.next();
          recorded = r.getInt(1);
        }
        if (recorded >= n) {
          break;
        }
        Thread.sleep(100);
      }
    }
    if (recorded < n) {
      Stats.comment(
          "warning: only " + recorded + " of " + n + " checks recorded before the timeout");
      try (Connection c = db.connect();
          PreparedStatement s =
              c.prepareStatement(
                  "SELECT status, count(*) FROM executions WHERE true "
                      + OF_USER
                      + " GROUP BY status")) {
        s.setObject(1, userId);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            Stats.comment("  executions " + r.getString(1) + ": " + r.getInt(2));
          }
        }
      }
    }
    return recorded;
  }
}
