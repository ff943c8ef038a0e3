package ai.torale.bench;

import ai.torale.metrics.MeteredMonitorStore;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.MonitorWorkflowImpl;
import io.temporal.client.WorkflowClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * One round of the service's checks, and what it left in the database: a user's n tasks created
 * paused through the API, then made due at one instant T ({@code next_run = T} in PostgreSQL and
 * the resume signal the API sends, carrying T), run on the scheduled path until all are recorded.
 * {@code completions} are the executions' completion instants, sorted; {@code seconds} runs from T
 * to the last of them; {@code coresBusy} the machine's busy cores in each second from T.
 */
record DueRound(
    List<UUID> tasks,
    int recorded,
    List<Long> walls,
    List<Long> completions,
    long dueMillis,
    double seconds,
    int failed,
    String failure,
    Window.Measured window,
    List<Double> coresBusy) {
  /** Each bench task's search query is this, its number and a closing parenthesis. */
  static final String QUERY = "Has ExampleCorp released version 3.0? (";

  private static final String OF_TASKS = "AND task_id = ANY(?)";

  /**
   * A round's executions: those of its tasks that ended after its due time (earlier rounds ended
   * before).
   */
  private static final String THIS_ROUND = "AND completed_at >= ? " + OF_TASKS;

  /** Tasks created paused, each with its monitor settled. */
  record Tasks(List<UUID> ids) {
    /** Those whose index leaves at least {@code least} when divided by {@code period}. */
    Tasks withRemainderAtLeast(int period, int least) {
      return new Tasks(
          IntStream.range(0, ids.size())
              .filter(i -> i % period >= least)
              .mapToObj(ids::get)
              .toList());
    }
  }

  /** One user's n tasks made due together; {@code report}: say what went wrong, if anything. */
  static DueRound run(App app, Database db, String email, int n, boolean report) throws Exception {
    return check(app, db, create(app, email, n, report), report);
  }

  /** One user's n tasks, created paused through the API; {@code report}: say how long they took. */
  static Tasks create(App app, String email, int n, boolean report) throws Exception {
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
                                + "\",\"search_query\":\""
                                + QUERY
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
    return new Tasks(list);
  }

  /**
   * Spreads the tasks evenly over the places of a monitor's run, as independent schedules leave a
   * running service's: {@link MonitorWorkflowImpl#CHECKS_PER_RUN} - 1 rounds on fewer and fewer of
   * them (the k-th on those whose index leaves at least k when divided by the run's length), so
   * that the i-th task has i mod that length checks more than the first. Rounds after it start a
   * run (continue as new: a new run's first check writes its version markers and every search
   * attribute again) for one task in that length, where without it every monitor in a round started
   * its run in the same round, and rounds in between started none.
   */
  static void stagger(App app, Database db, Tasks tasks) throws Exception {
    int period = MonitorWorkflowImpl.CHECKS_PER_RUN;
    for (int k = 1; k < period; k++) {
      check(app, db, tasks.withRemainderAtLeast(period, k), false);
    }
  }

  /**
   * The tasks made due together and checked once more each (a task checked before is due again);
   * {@code report}: say what went wrong, if anything.
   */
  static DueRound check(App app, Database db, Tasks tasks, boolean report) throws Exception {
    WorkflowClient temporal = app.temporal();
    List<UUID> list = tasks.ids();
    UUID[] ids = list.toArray(UUID[]::new);
    int n = list.size();
    if (report) {
      Settle.beforeWindow(app);
    }
    long recordedBefore = recordedSoFar(app);
    // Due at T, far enough ahead that every signal is in before it.
    Instant due = Instant.now().plusMillis(3000 + 6L * n);
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE tasks SET state = 'active', next_run = ?, state_changed_at = now(), updated_at = now() "
                    + "WHERE id = ANY(?)")) {
      s.setTimestamp(1, Timestamp.from(due));
      s.setArray(2, c.createArrayOf("uuid", ids));
      s.executeUpdate();
    }
    Parallel.forEach(
        n,
        8,
        i ->
            temporal
                .newWorkflowStub(MonitorWorkflow.class, MonitorWorkflow.workflowId(list.get(i)))
                .resume(due));
    Window window = Window.open("service", due);
    MachineLoad load = MachineLoad.from(due.toEpochMilli());

    long timeout = due.toEpochMilli() + Long.getLong("bench.timeoutMs", 120_000L + 200L * n);
    int recorded = awaitRecorded(app, db, ids, due, n, recordedBefore, timeout);
    Window.Measured measured = window.close();
    List<Double> coresBusy = load.stop();
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
    List<Long> completions = new ArrayList<>();
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
      s.setArray(2, c.createArrayOf("uuid", ids));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long started = r.getTimestamp(1).getTime();
          long completed = r.getTimestamp(2).getTime();
          walls.add(completed - started);
          completions.add(completed);
          lastCompleted = Math.max(lastCompleted, completed);
          if (!"success".equals(r.getString(3))) {
            failed++;
            failure = r.getString(4);
          }
        }
      }
    }
    completions.sort(null);
    return new DueRound(
        list,
        recorded,
        walls,
        completions,
        due.toEpochMilli(),
        (lastCompleted - due.toEpochMilli()) / 1000.0,
        failed,
        failure,
        measured,
        coresBusy);
  }

  /** Checks the service has recorded since it started, by its metrics. */
  private static long recordedSoFar(App app) {
    long recorded = 0;
    for (ExecutionStatus status : ExecutionStatus.values()) {
      if (status.finished()) {
        recorded += app.metrics().counter(MeteredMonitorStore.finishedCounter(status)).getCount();
      }
    }
    return recorded;
  }

  /**
   * Waits on the service's own counters of recorded checks, then confirms in PostgreSQL. Polled in
   * PostgreSQL every 100 ms, the count cost 3.6 ms a poll on a run's executions
   * (pg_stat_statements): CPU in the service's windows that the floors, which count in memory, did
   * not pay.
   */
  private static int awaitRecorded(
      App app, Database db, UUID[] ids, Instant due, int n, long before, long deadline)
      throws Exception {
    while (recordedSoFar(app) - before < n && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    int recorded = 0;
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM executions WHERE status IN ('success', 'failed', 'cancelled') "
                    + THIS_ROUND)) {
      s.setTimestamp(1, Timestamp.from(due));
      s.setArray(2, c.createArrayOf("uuid", ids));
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
                      + OF_TASKS
                      + " GROUP BY status")) {
        s.setArray(1, c.createArrayOf("uuid", ids));
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
