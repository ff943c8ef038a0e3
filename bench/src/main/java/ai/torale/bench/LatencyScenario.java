package ai.torale.bench;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.MonitorWorkflowImpl;
import ai.torale.search.http.ProviderHttp;
import ai.torale.temporal.WorkerCapacity;
import com.google.protobuf.util.Timestamps;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The checks scenario's burst with a provider that takes as long as a real one: N tasks due at one
 * instant, checked once with a mock that answers at once and once with one that thinks (a grounded
 * search 3 s ± 1 s, an evaluation 1 s ± 0.3 s), in the same run. A worker whose concurrency is
 * bounded by threads or slots runs fewer checks per second with the latency; one that hides it runs
 * as many: {@code latency_hiding} is the second rate over the first.
 */
final class LatencyScenario {
  /** The steady part of a round: its completions from the 10th to the 90th percentile. */
  private static final double FROM = 0.1;

  private static final double TO = 0.9;

  private LatencyScenario() {}

  static void run(Options o, Database db, GeminiMock mock) throws Exception {
    int n = o.intOption("tasks", 2000);
    // After two warm-up pairs the measured round with latency still spent 18 % of its CPU in the
    // JIT's compiler threads (a profile of each round): the first round of a pair, the one the
    // figure is about, paid for the compiler's last methods. Five bring it to what a running
    // service does.
    int warmupRounds = o.intOption("warmup-rounds", 5);
    int pairs = Math.max(1, o.intOption("pairs", 3));
    GeminiMock.Latency latency =
        new GeminiMock.Latency(
            o.intOption("search-ms", 3000),
            o.intOption("search-spread-ms", 1000),
            o.intOption("evaluate-ms", 1000),
            o.intOption("evaluate-spread-ms", 300));
    List<ConfigOverride> config = configOverrides(o.option("config", ""));
    try (App app = new App(db, mock, config.toArray(ConfigOverride[]::new))) {
      app.start();
      Stats.figure("workflow_cache", app.capacity().workflowCacheSize(), "monitors");
      Stats.comment(
          "latency: "
              + n
              + " tasks due at one instant, as in checks, twice: with a mock that thinks (search "
              + latency.search()
              + " ± "
              + latency.searchSpread()
              + " ms, evaluation "
              + latency.evaluate()
              + " ± "
              + latency.evaluateSpread()
              + " ms, uniform; the mock holds no thread while it waits), then with one that answers at"
              + " once. The same tasks are first checked "
              + warmupRounds
              + " times each way, not measured, and spread over the places of a monitor's run (the i-th"
              + " task checked i mod "
              + MonitorWorkflowImpl.CHECKS_PER_RUN
              + " times more, without latency) so that each round starts a run for a tenth of them,"
              + " as independent schedules do"
              + (config.isEmpty() ? "" : "; settings " + o.option("config", "")));
      // Warm-up rounds of the measured size on the measured tasks: a service that has been running
      // is warm. With smaller warm-up rounds on other tasks the measured rounds still spent a fifth
      // of their CPU in C2 (whole seconds compiling the SDK's replay of a monitor, a path only a
      // burst larger than the rounds before it takes), most of it in the first, slow, round.
      DueRound.Tasks tasks = DueRound.create(app, "bench-latency@example.com", n, true);
      mock.latency(GeminiMock.Latency.NONE);
      DueRound.check(app, db, tasks, false);
      IoSteps io = ChecksScenario.ioSteps(app, mock, ProviderHttp.defaultClient());
      mock.keepCalls(false);
      for (int r = 0; r < warmupRounds; r++) {
        mock.latency(latency);
        DueRound.check(app, db, tasks, false);
        mock.latency(GeminiMock.Latency.NONE);
        DueRound.check(app, db, tasks, false);
      }
      // Without it every monitor would start its next run in the same round: one pair's first
      // round in three (all of a round's checks the first of a run, with its version markers and
      // every search attribute written again), none in the others.
      DueRound.stagger(app, db, tasks);
      // Pairs of measured rounds, the slow one first in each: a round that runs later finds the JIT
      // further along, and that advantage goes to the round without latency, not to the figure the
      // goal is about. One pair swung from 0.67 to 1.00 between runs of the same code (compilations
      // and G1's concurrent cycles land in one round or the other): the figure is the median pair.
      List<Double> hidings = new ArrayList<>();
      List<Double> steady = new ArrayList<>();
      List<Double> ceilings = new ArrayList<>();
      List<Double> thinkCeilings = new ArrayList<>();
      DueRound zero = null;
      for (int p = 0; p < pairs; p++) {
        String pair = p == 0 ? "" : "pair" + (p + 1) + "_";
        EdenFill.draw();
        mock.latency(latency);
        DueRound slow = phase(app, db, mock, tasks, pair);
        double slowestThink = mock.slowestCheckThinkMillis() / 1000.0;
        double thinkBound = (mock.thinkBoundMillis() - slow.dueMillis()) / 1000.0;
        Stats.figure(pair + "slowest_check_think_seconds", slowestThink, "s");
        mock.latency(GeminiMock.Latency.NONE);
        zero = phase(app, db, mock, tasks, pair + "zero_");
        hidings.add((slow.recorded() / slow.seconds()) / (zero.recorded() / zero.seconds()));
        // No worker records the slowest check before its think time has passed: even one that
        // hid everything else could not finish the round with latency sooner than that.
        ceilings.add(zero.seconds() / Math.max(zero.seconds(), slowestThink));
        Stats.ratio("pair" + (p + 1) + "_latency_hiding_ceiling", ceilings.getLast());
        // The same with the searches sent when this worker sent them: past its think bound the
        // round's time is the worker's own; before it, no worker that sent them then could finish.
        thinkCeilings.add(zero.seconds() / Math.max(zero.seconds(), thinkBound));
        Stats.ratio("pair" + (p + 1) + "_latency_hiding_think_ceiling", thinkCeilings.getLast());
        steady.add(
            Stats.ratePerSecondBetween(slow.completions(), FROM, TO)
                / Stats.ratePerSecondBetween(zero.completions(), FROM, TO));
        Stats.ratio("pair" + (p + 1) + "_latency_hiding", hidings.getLast());
      }
      if (!"false".equals(o.option("bare", "true"))) {
        bare(app, mock, io, latency, zero.tasks());
      }
      Stats.comment(
          "checks_per_second: all checks of a round over the time from the due instant to the last"
              + " completion, which counts the provider's latency in full where it is not hidden;"
              + " checks_per_second_steady: those between the 10th and the 90th percentile of the"
              + " completions, over the time between them (how they bunch up in a saturated round"
              + " moves it by half either way: see the checks recorded in each second)");
      Stats.comment(
          "latency_hiding = checks_per_second with latency / zero_checks_per_second, the median of "
              + pairs
              + " pairs of rounds: "
              + hidings.stream()
                  .map(h -> String.format(java.util.Locale.ROOT, "%.2f", h))
                  .toList());
      double hiding = Stats.median(hidings);
      Stats.ratio("latency_hiding", hiding);
      Stats.ratio("latency_hiding_steady", Stats.median(steady));
      Stats.comment(
          "latency_hiding_ceiling: the most any worker as fast as this one without latency could"
              + " reach, seconds_to_last_check without latency / the slowest check's think time (the"
              + " mock's search and evaluation for one task): a faster worker's ceiling is lower");
      Stats.ratio("latency_hiding_ceiling", Stats.median(ceilings));
      Stats.comment(
          "latency_hiding_think_ceiling: the same over the round with latency's think bound (each"
              + " search's arrival at the mock plus its check's think time) where it is longer: the most"
              + " a worker could reach that sent its searches when this one did");
      Stats.ratio("latency_hiding_think_ceiling", Stats.median(thinkCeilings));
      Stats.comment("ratio = checks_per_second without latency / with it (1 / latency_hiding)");
      Stats.ratio(1 / hiding);
    } finally {
      mock.latency(GeminiMock.Latency.NONE);
    }
  }

  /** One measured round with the mock as it is now set; prints its figures under {@code prefix}. */
  private static DueRound phase(
      App app, Database db, GeminiMock mock, DueRound.Tasks tasks, String prefix) throws Exception {
    Stats.comment(prefix + "round: " + tasks.ids().size() + " tasks made due");
    mock.resetCounts();
    Map<String, Long> cacheBefore = stickyCache(app);
    DueRound round = DueRound.check(app, db, tasks, true);
    // The SDK reports its counters every 10 s.
    Parallel.sleep(11_000);
    Map<String, Long> cacheAfter = stickyCache(app);
    Stats.figure(prefix + "checks_recorded", round.recorded(), "count");
    Stats.figure(prefix + "checks_failed", round.failed(), "count");
    if (round.failure() != null) {
      Stats.comment("a failed check says: " + round.failure());
    }
    Stats.figure(prefix + "checks_per_second", round.recorded() / round.seconds(), "checks/s");
    Stats.figure(
        prefix + "checks_per_second_steady",
        Stats.ratePerSecondBetween(round.completions(), FROM, TO),
        "checks/s");
    Stats.figure(prefix + "seconds_to_last_check", round.seconds(), "s");
    Stats.comment(
        prefix
            + "checks recorded in each second from the due instant: "
            + Stats.perSecond(round.completions(), round.dueMillis()));
    Stats.comment(
        prefix
            + "cores busy in each second from the due instant (the machine's): "
            + round.coresBusy().stream()
                .map(c -> String.format(java.util.Locale.ROOT, "%.1f", c))
                .collect(java.util.stream.Collectors.joining(" ")));
    List<Long> searches = mock.searchArrivals();
    if (!searches.isEmpty()) {
      Stats.comment(
          prefix
              + "searches reaching the provider in each second from the due instant: "
              + Stats.perSecond(searches, round.dueMillis()));
      Stats.figure(
          prefix + "last_search_out_seconds",
          (searches.getLast() - round.dueMillis()) / 1000.0,
          "s");
      // Past this instant nothing but the worker kept the round going.
      Stats.figure(
          prefix + "think_bound_seconds",
          (mock.thinkBoundMillis() - round.dueMillis()) / 1000.0,
          "s");
    }
    Stats.figure(prefix + "check_wall_p50", Stats.percentile(round.walls(), 50), "ms");
    Stats.figure(prefix + "check_wall_p99", Stats.percentile(round.walls(), 99), "ms");
    Stats.comment(
        "max_in_flight: requests the mock held open at once, each a check inside a provider call");
    Stats.figure(prefix + "max_in_flight", mock.mostOpen(), "checks");
    Stats.figure(prefix + "mock_reply_late_p99", Stats.percentile(mock.lateMillis(), 99), "ms");
    Stats.figure(prefix + "heap_mib", round.window().footprint().heapMib(), "MiB after GC, peak");
    Stats.figure(
        prefix + "threads_max", round.window().footprint().threads(), "platform threads, peak");
    Stats.comment(
        "sticky cache: workflow tasks that found their monitor in the worker's cache (hit) or had to"
            + " replay its history (miss), and monitors pushed out of it to make room (forced eviction)");
    cacheAfter.forEach((name, count) ->
        Stats.figure(prefix + name, count - cacheBefore.getOrDefault(name, 0L), "workflow tasks"));
    round.window().report(prefix, Math.max(1, round.recorded()));
    RoundHistories.report(app, round, prefix);
    stages(app, round, prefix);
    return round;
  }

  /**
   * How long a check took to reach its search, step by step, from the histories of every ninth
   * monitor (not every tenth: {@link DueRound#stagger} gives those the same place in their runs):
   * from the due instant to its first workflow task's start, from there to the scheduling of its
   * first activity (the opening, which searches; before it, the begin step ran in that workflow
   * task), and from that to the activity's start on the worker; p50/p90/max in ms.
   */
  private static void stages(App app, DueRound round, String prefix) {
    List<Long> toTask = new ArrayList<>();
    List<Long> toSchedule = new ArrayList<>();
    List<Long> toStart = new ArrayList<>();
    for (int i = 0; i < round.tasks().size(); i += 9) {
      long taskStarted = 0;
      long scheduled = 0;
      long scheduledId = 0;
      for (var e :
          app.temporal()
              .fetchHistory(MonitorWorkflow.workflowId(round.tasks().get(i)))
              .getEvents()) {
        long at = Timestamps.toMillis(e.getEventTime());
        if (at < round.dueMillis() - 1000) {
          continue;
        }
        switch (e.getEventType()) {
          case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
            if (taskStarted == 0) {
              taskStarted = at;
              toTask.add(at - round.dueMillis());
            }
          }
          case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
            if (scheduled == 0 && taskStarted != 0) {
              scheduled = at;
              scheduledId = e.getEventId();
              toSchedule.add(at - taskStarted);
            }
          }
          case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
            if (e.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduledId
                && scheduledId != 0) {
              toStart.add(at - scheduled);
            }
          }
          default -> {}
        }
      }
    }
    for (var stage :
        List.of(
            Map.entry("due_to_task", toTask),
            Map.entry("task_to_search_scheduled", toSchedule),
            Map.entry("search_scheduled_to_started", toStart))) {
      List<Long> v = new ArrayList<>(stage.getValue());
      v.sort(null);
      Stats.comment(
          prefix
              + stage.getKey()
              + " ms p50/p90/max: "
              + (v.isEmpty()
                  ? "-"
                  : Stats.percentile(v, 50)
                      + " / "
                      + Stats.percentile(v, 90)
                      + " / "
                      + v.getLast()));
    }
  }

  /** The worker's sticky-cache counters: hits, misses and forced evictions, by short name. */
  private static Map<String, Long> stickyCache(App app) {
    Map<String, Long> counts = new TreeMap<>();
    app.metrics()
        .getCounters()
        .forEach((name, counter) -> {
          for (String kind : List.of("hit", "miss", "total_forced_eviction")) {
            if (name.contains("sticky_cache_" + kind)) {
              counts.merge("sticky_cache_" + kind, counter.getCount(), Long::sum);
            }
          }
        });
    return counts;
  }

  /**
   * The two ways to hide the latency, compared on bare workflows doing only a check's I/O ({@link
   * IoSteps}) so that nothing else of the service's differs: activities that block on virtual
   * threads (with the service's worker capacity), and asynchronous completion on the SDK's default
   * worker options (platform threads, 200 slots, which the activities free as soon as they have
   * sent their request). All with the service's workflow cache, each against the same bare
   * workflows without latency.
   */
  private static void bare(
      App app, GeminiMock mock, IoSteps io, GeminiMock.Latency latency, List<UUID> tasks) {
    Stats.comment(
        "bare workflows doing only a check's I/O, on the same tasks, with latency: blocking activities"
            + " on virtual threads ("
            + app.capacity().maxConcurrentActivities()
            + " slots, as the service's worker) and asynchronous activity completion (SDK default"
            + " worker options); then without latency, on virtual threads; all with the service's"
            + " workflow cache");
    WorkerCapacity virtual =
        new WorkerCapacity(
            true,
            app.capacity().maxConcurrentActivities(),
            app.capacity().workflowCacheSize(),
            app.capacity().activityPollers());
    mock.latency(latency);
    BareRound blocking =
        barePhase(
            app, mock, "io_virtual_", io, virtual.factoryOptions(), virtual.workerOptions(), tasks);
    BareRound async =
        barePhase(
            app,
            mock,
            "io_async_",
            new AsyncIoSteps(io, app.temporal()),
            virtual.factoryOptions(),
            WorkerOptions.getDefaultInstance(),
            tasks);
    mock.latency(GeminiMock.Latency.NONE);
    BareRound zero =
        barePhase(
            app, mock, "io_zero_", io, virtual.factoryOptions(), virtual.workerOptions(), tasks);
    double zeroRate = zero.done() / zero.seconds();
    Stats.ratio("io_virtual_latency_hiding", blocking.done() / blocking.seconds() / zeroRate);
    Stats.ratio("io_async_latency_hiding", async.done() / async.seconds() / zeroRate);
  }

  private static BareRound barePhase(
      App app,
      GeminiMock mock,
      String prefix,
      BareCheck.Steps steps,
      WorkerFactoryOptions factory,
      WorkerOptions options,
      List<UUID> tasks) {
    mock.resetCounts();
    Settle.beforeWindow(app);
    BareRound round =
        BareRound.run(
            app, "bench-" + prefix.replace('_', '-') + "latency", steps, factory, options, tasks);
    Stats.figure(prefix + "checks_done", round.done(), "count");
    Stats.figure(prefix + "checks_per_second", round.done() / round.seconds(), "checks/s");
    Stats.figure(prefix + "max_in_flight", mock.mostOpen(), "checks");
    Stats.figure(prefix + "heap_mib", round.window().footprint().heapMib(), "MiB after GC, peak");
    Stats.figure(
        prefix + "threads_max", round.window().footprint().threads(), "platform threads, peak");
    Stats.figure(
        prefix + "cpu_per_check", round.window().cpuPerCheck(Math.max(1, round.done())), "ms");
    return round;
  }

  /** {@code key=value;key=value}: service settings for this run (e.g. to measure another). */
  private static List<ConfigOverride> configOverrides(String spec) {
    List<ConfigOverride> overrides = new ArrayList<>();
    for (String pair : spec.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("--config wants key=value pairs, got " + pair);
      }
      overrides.add(ConfigOverride.config(pair.substring(0, eq).strip(), pair.substring(eq + 1)));
    }
    return overrides;
  }
}
