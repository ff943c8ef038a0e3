package ai.torale.bench;

import ai.torale.monitor.MonitorWorkflow;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service left running for many checks: does its heap grow with the work it has done? A mix of
 * tasks, half checked by their schedule (every second) and half by run-now (one after another),
 * half of each with a webhook on a local receiver (news one check in four) that turns away the
 * first attempt of one delivery in five; every monitor continues as new every 10 checks, many times
 * over. The heap after a full collection is sampled along the run; the figure is its slope per
 * check after the warm-up. The floor is a heap that does not grow: 0 KB per check, a ratio of 1.
 */
final class SoakScenario {
  /** In a task's condition: the mock's judge finds it met, with news, one check in so many. */
  private static final String NOTIFY = "[soak: news]";

  private static final String FINISHED = "status IN ('success', 'failed', 'cancelled')";

  private SoakScenario() {}

  /** One task of the mix. */
  private record Task(UUID id, boolean scheduled, boolean webhook) {}

  /** The tasks and their owner's API key. */
  private record Mix(String key, List<Task> tasks) {}

  /** The heap after a full collection once this many checks were done. */
  private record Sample(int checks, long heap) {}

  static void run(Options o, Database db, GeminiMock mock) throws Exception {
    int target = o.intOption("checks", 10_000);
    int warmup = o.intOption("warmup-checks", Math.min(2_000, target / 5));
    // Few tasks, so each continues as new many times within the run: what a task's current run
    // holds rises and falls with it, and more tasks would cover fewer of those cycles.
    int taskCount = o.intOption("tasks", 8);
    int sampleEvery = o.intOption("sample-every", Math.max(100, (target - warmup) / 20));
    int newsEvery = o.intOption("news-every", 4);
    int failEvery = o.intOption("fail-every", 5);
    mock.keepCalls(false);
    mock.conditionMetFor(NOTIFY, newsEvery);
    try (WebhookReceiver receiver = new WebhookReceiver(failEvery);
        App app =
            new App(
                db,
                mock,
                // A scheduled check every second: the judge's next run (a day on) is clamped to it.
                ConfigOverride.config("schedule.minInterval", "1s"),
                ConfigOverride.config("schedule.maxInterval", "1s"),
                ConfigOverride.config("notify.webhookAllowPrivate", "true"),
                ConfigOverride.config("notify.webhookAllowHttp", "true"))) {
      app.start();
      long idle = HeapAfterGc.measure(3);
      Stats.comment(
          "soak: "
              + taskCount
              + " tasks, half checked by schedule (every 1 s) and half by run-now (the next as soon as the last"
              + " is recorded), half of each with a webhook and news one check in "
              + newsEvery
              + "; the receiver turns away the first attempt of one delivery in "
              + failEvery
              + " (retried 1 min later); monitors continue as new every 10 checks. Heap after a full GC sampled"
              + " every "
              + sampleEvery
              + " checks after a warm-up of "
              + warmup
              + ", up to "
              + target
              + " checks");
      Mix mix = createTasks(app, db, receiver, taskCount);
      int before = finishedChecks(db);
      CpuAccount cpuStart = CpuAccount.now();
      long began = System.nanoTime();
      List<Sample> samples = new ArrayList<>();
      String problem;
      WorkflowClient temporal = app.temporal();
      try (RunNow runNow = new RunNow(app, db, mix)) {
        int next = warmup;
        int done = 0;
        long deadline =
            System.currentTimeMillis() + Long.getLong("bench.timeoutMs", 60_000L + 200L * target);
        while (done < target && System.currentTimeMillis() < deadline) {
          Parallel.sleep(200);
          runNow.step();
          done = finishedChecks(db) - before;
          if (done >= next) {
            long heap = HeapAfterGc.measure(2);
            samples.add(new Sample(done, heap));
            // What the current runs hold is bounded by the runs' length, not by the checks done.
            Stats.comment(
                String.format(
                    java.util.Locale.ROOT,
                    "heap after full GC at %,d checks: %.1f MiB (history events: %,d in open runs,"
                        + " %,d in closed runs still held)",
                    done,
                    heap / 1048576.0,
                    events(runs(temporal, true)),
                    events(runs(temporal, false))));
            next = done + sampleEvery;
          }
        }
        problem = runNow.problem();
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      CpuAccount cpuEnd = CpuAccount.now();
      int done = finishedChecks(db) - before;
      if (done < target) {
        Stats.comment("warning: only " + done + " of " + target + " checks before the timeout");
      }
      long end = HeapAfterGc.measure(3);
      samples.add(new Sample(done, end));
      if (problem != null) {
        Stats.comment("a run-now request failed: " + problem);
      }

      Stats.figure("tasks", taskCount, "count");
      Stats.figure("checks", done, "count");
      reportChecks(db, mix);
      Stats.figure("checks_per_second", done / seconds, "checks/s");
      cpuEnd.reportSince(cpuStart, "", "check", done);
      Stats.figure("webhook_deliveries", receiver.delivered(), "count");
      Stats.figure("webhook_first_attempts_refused", receiver.refused(), "count");
      Stats.figure("webhook_awaiting_retry", receiver.awaitingRetry(), "count");
      List<WorkflowExecutionInfo> open = runs(temporal, true);
      List<WorkflowExecutionInfo> closed = runs(temporal, false);
      Stats.figure("temporal_open_runs", open.size(), "count");
      Stats.figure("temporal_open_runs_events", events(open), "count");
      Stats.figure("temporal_open_runs_history", historyBytes(temporal, open) >> 10, "KiB");
      Stats.figure("temporal_closed_runs_held", closed.size(), "count");
      Stats.figure("temporal_closed_runs_events", events(closed), "count");
      Stats.figure("heap_after_gc_idle", idle >> 20, "MiB");
      Stats.figure("heap_after_gc_warm", samples.get(0).heap() >> 20, "MiB");
      Stats.figure("heap_after_gc_end", end >> 20, "MiB");
      Stats.comment(
          "heap_kb_per_check: least-squares slope of the heap after full GC against checks done, over the"
              + " samples from the warm-up on; ratio = heap at the end / heap after the warm-up (floor: 1, a heap"
              + " that does not grow)");
      Stats.figure("heap_kb_per_check", slope(samples) / 1024, "KB");
      Stats.ratio(end / (double) samples.get(0).heap());
    }
  }

  /**
   * Creates the mix paused, waits for each monitor's first workflow task, then makes the scheduled
   * half due in a second (its row and the resume signal carrying that instant).
   */
  private static Mix createTasks(App app, Database db, WebhookReceiver receiver, int count) {
    Http http = app.http();
    String[] user = http.newUser(app.adminKey, "bench-soak@example.com");
    Task[] tasks = new Task[count];
    Parallel.forEach(
        count,
        8,
        i -> {
          boolean scheduled = i % 2 == 0;
          boolean webhook = i % 4 < 2;
          String body =
              "{\"name\":\"soak "
                  + i
                  + "\",\"search_query\":\"Has ExampleCorp released version 3.0? ("
                  + i
                  + ")\",\"condition_description\":\"Version 3.0 is publicly released"
                  + (webhook ? " " + NOTIFY : "")
                  + "\",\"state\":\"paused\""
                  + (webhook
                      ? ",\"notifications\":[{\"type\":\"webhook\",\"url\":\""
                          + receiver.url()
                          + "\"}]"
                      : "")
                  + "}";
          UUID id =
              UUID.fromString(
                  http.ok("POST", "/api/v1/tasks", user[1], body).json().path("id").asText());
          tasks[i] = new Task(id, scheduled, webhook);
        });
    WorkflowClient temporal = app.temporal();
    Parallel.forEach(
        count,
        8,
        i -> {
          while (true) {
            var d = ScaleScenario.describe(temporal, tasks[i].id().toString());
            if (d != null && d.getWorkflowExecutionInfo().getHistoryLength() >= 4) {
              return;
            }
            Parallel.sleep(20);
          }
        });
    Instant due = Instant.now().plusSeconds(1);
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE tasks SET state = 'active', next_run = ?, state_changed_at = now(), "
                    + "updated_at = now() WHERE id = ?")) {
      for (Task task : tasks) {
        if (task.scheduled()) {
          s.setTimestamp(1, Timestamp.from(due));
          s.setObject(2, task.id());
          s.addBatch();
        }
      }
      s.executeBatch();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    for (Task task : tasks) {
      if (task.scheduled()) {
        temporal
            .newWorkflowStub(MonitorWorkflow.class, MonitorWorkflow.workflowId(task.id()))
            .resume(due);
      }
    }
    return new Mix(user[1], List.of(tasks));
  }

  /**
   * Keeps one manual run in flight on every run-now task: asks for the next as soon as the last is
   * recorded.
   */
  private static final class RunNow implements AutoCloseable {
    private final Http http;
    private final String key;
    private final Database db;
    private final List<UUID> tasks = new ArrayList<>();
    private final Map<UUID, UUID> inFlight = new HashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AtomicInteger asking = new AtomicInteger();
    private final AtomicReference<String> problem = new AtomicReference<>();

    RunNow(App app, Database db, Mix mix) {
      this.http = app.http();
      this.key = mix.key();
      this.db = db;
      for (Task task : mix.tasks()) {
        if (!task.scheduled()) {
          tasks.add(task.id());
        }
      }
    }

    /** Asks for a run on every task whose last one is recorded; called from one thread. */
    void step() {
      if (asking.get() > 0) {
        return;
      }
      forgetFinished();
      for (UUID task : tasks) {
        synchronized (inFlight) {
          if (inFlight.containsKey(task)) {
            continue;
          }
          // Asked; the execution id replaces the task's own when the answer comes.
          inFlight.put(task, task);
        }
        asking.incrementAndGet();
        pool.execute(() -> ask(task));
      }
    }

    private void ask(UUID task) {
      try {
        Http.Reply reply = http.send("POST", "/api/v1/tasks/" + task + "/execute", key, null);
        synchronized (inFlight) {
          if (reply.status() == 200) {
            inFlight.put(task, UUID.fromString(reply.json().path("id").asText()));
          } else {
            // 409: a run is in flight (a scheduled one never is, the task is paused): ask again.
            inFlight.remove(task);
            if (reply.status() != 409) {
              problem.compareAndSet(null, reply.status() + " " + reply.body());
            }
          }
        }
      } catch (RuntimeException e) {
        synchronized (inFlight) {
          inFlight.remove(task);
        }
        problem.compareAndSet(null, e.toString());
      } finally {
        asking.decrementAndGet();
      }
    }

    private void forgetFinished() {
      List<UUID> executions;
      synchronized (inFlight) {
        executions = new ArrayList<>(inFlight.values());
      }
      if (executions.isEmpty()) {
        return;
      }
      try (Connection c = db.connect();
          PreparedStatement s =
              c.prepareStatement(
                  "SELECT task_id FROM executions WHERE id = ANY(?) AND " + FINISHED)) {
        s.setArray(1, c.createArrayOf("uuid", executions.toArray()));
        try (ResultSet r = s.executeQuery()) {
          synchronized (inFlight) {
            while (r.next()) {
              inFlight.remove(UUID.fromString(r.getString(1)));
            }
          }
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    String problem() {
      return problem.get();
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  private static int finishedChecks(Database db) {
    try (Connection c = db.connect();
        ResultSet r =
            c.createStatement().executeQuery("SELECT count(*) FROM executions WHERE " + FINISHED)) {
      r.next();
      return r.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks by trigger and status, by kind of task, and the fewest and most checks of one task. */
  private static void reportChecks(Database db, Mix mix) throws java.sql.SQLException {
    try (Connection c = db.connect()) {
      try (ResultSet r =
          c.createStatement()
              .executeQuery(
                  "SELECT trigger, status, count(*) FROM executions GROUP BY trigger, status ORDER BY 1, 2")) {
        while (r.next()) {
          Stats.comment(
              "  executions " + r.getString(1) + " " + r.getString(2) + ": " + r.getInt(3));
        }
      }
      try (ResultSet r =
          c.createStatement()
              .executeQuery(
                  "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM executions GROUP BY task_id) AS t")) {
        r.next();
        Stats.figure("checks_per_task_min", r.getInt(1), "count");
        Stats.figure("checks_per_task_max", r.getInt(2), "count");
      }
      Map<UUID, Integer> perTask = new HashMap<>();
      try (ResultSet r =
          c.createStatement()
              .executeQuery("SELECT task_id, count(*) FROM executions GROUP BY task_id")) {
        while (r.next()) {
          perTask.put(UUID.fromString(r.getString(1)), r.getInt(2));
        }
      }
      Map<String, List<Integer>> byKind = new java.util.TreeMap<>();
      for (Task task : mix.tasks()) {
        String kind =
            (task.scheduled() ? "scheduled" : "run-now") + (task.webhook() ? " with webhook" : "");
        byKind
            .computeIfAbsent(kind, k -> new ArrayList<>())
            .add(perTask.getOrDefault(task.id(), 0));
      }
      byKind.forEach((kind, counts) -> Stats.comment("  checks per " + kind + " task: " + counts));
    }
  }

  /**
   * The runs the server holds, open or closed. It lists them without a lock, so a run starting or
   * removed meanwhile can fail the list: ask again.
   */
  private static List<WorkflowExecutionInfo> runs(WorkflowClient temporal, boolean open) {
    var server = temporal.getWorkflowServiceStubs().blockingStub();
    for (int attempt = 1; ; attempt++) {
      try {
        return open
            ? server
                .listOpenWorkflowExecutions(
                    ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace("default").build())
                .getExecutionsList()
            : server
                .listClosedWorkflowExecutions(
                    ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace("default")
                        .build())
                .getExecutionsList();
      } catch (io.grpc.StatusRuntimeException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** The histories of the runs, serialized as the server would send them. */
  private static long historyBytes(WorkflowClient temporal, List<WorkflowExecutionInfo> runs) {
    long bytes = 0;
    for (WorkflowExecutionInfo run : runs) {
      bytes +=
          temporal
              .getWorkflowServiceStubs()
              .blockingStub()
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(run.getExecution())
                      .setMaximumPageSize(Integer.MAX_VALUE)
                      .build())
              .getHistory()
              .getSerializedSize();
    }
    return bytes;
  }

  private static long events(List<WorkflowExecutionInfo> runs) {
    return runs.stream().mapToLong(WorkflowExecutionInfo::getHistoryLength).sum();
  }

  /** Least-squares slope of heap bytes against checks. */
  private static double slope(List<Sample> samples) {
    int n = samples.size();
    if (n < 2) {
      return 0;
    }
    double meanX = samples.stream().mapToDouble(Sample::checks).average().orElse(0);
    double meanY = samples.stream().mapToDouble(Sample::heap).average().orElse(0);
    double num = 0;
    double den = 0;
    for (Sample s : samples) {
      num += (s.checks() - meanX) * (s.heap() - meanY);
      den += (s.checks() - meanX) * (s.checks() - meanX);
    }
    return den == 0 ? 0 : num / den;
  }
}
