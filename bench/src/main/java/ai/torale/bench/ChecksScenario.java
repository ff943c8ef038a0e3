package ai.torale.bench;

import ai.torale.monitor.MonitorWorkflowImpl;
import ai.torale.search.http.ProviderHttp;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * N active tasks all due at one instant, checked on the scheduled path; floor: N bare workflows
 * with the monitor's three no-op activities each, on the same embedded server in the same JVM. A
 * second floor runs the same bare workflows with activities that do only a check's unavoidable I/O
 * ({@link IoSteps}) on the same tasks, and a third the same activities in workflows that live as
 * monitors do ({@link LongCheck}). The floors' workers run with the service's worker capacity
 * (threads, slots, workflow cache), so that what they are spared is Torale's code, not its
 * settings.
 */
final class ChecksScenario {
  private ChecksScenario() {}

  static void run(Options o, Database db, GeminiMock mock) throws Exception {
    int n = o.intOption("tasks", 1000);
    // As many as are measured: with 300, the service's measured round still spent a quarter of its
    // CPU in the JIT compiler (3.6 ms a check against the I/O floor's 1.7), its code's paths at a
    // thousand tasks not yet compiled.
    int warmup = o.intOption("warmup-tasks", n);
    int warmupRounds = o.intOption("warmup-rounds", 4);
    int rounds = o.intOption("rounds", 5);
    boolean rewarm = Boolean.parseBoolean(o.option("rewarm", "true"));
    try (App app = new App(db, mock)) {
      app.start();
      // The I/O floor's: one for every round, as the service keeps one.
      HttpClient http = ProviderHttp.defaultClient();
      Stats.comment(
          "checks: "
              + n
              + " tasks created paused through the API (each has its monitor workflow, paused),"
              + " then made due at one instant T: next_run = T in PostgreSQL and the resume signal the API's resume"
              + " sends, carrying T instead of now+30s. Every check runs on the scheduled path: workflow timer ->"
              + " open (begin and search), evaluate, record activities. First "
              + warmupRounds
              + " warm-up rounds on "
              + warmup
              + " tasks of another user (not measured), spread over a run's places as the measured ones"
              + " below, each checking them all and then running each floor on"
              + " them, all before any is measured: a service that has been running is warm, and no side runs on"
              + " JIT work another paid for. Then the measured tasks are spread over the places of a"
              + " monitor's run (the i-th checked i mod "
              + MonitorWorkflowImpl.CHECKS_PER_RUN
              + " times, not measured), so that each measured round starts a run (continue as new) for a"
              + " tenth of them, as independent schedules do");
      // Created before the warm-up, so that the JIT work creating them starts is done before any
      // round is measured (created after it, the API's freshly hot code was still being compiled
      // in the first measured round).
      DueRound.Tasks measured = DueRound.create(app, "bench-checks@example.com", n, true);
      DueRound.Tasks warm = null;
      IoSteps warmIo = null;
      if (warmup > 0 && warmupRounds > 0) {
        warm = DueRound.create(app, "bench-checks-warmup@example.com", warmup, false);
        // Spread as the measured tasks are, so that every warm-up round continues a tenth of its
        // monitors as new: without it no monitor had reached the end of a run before the first
        // measured round, whose service window then compiled that path (1.1 to 1.6 ms a check in
        // its JIT compilers in three runs, against 0.1 to 0.9 in later rounds).
        DueRound.stagger(app, db, warm);
        for (int r = 0; r < warmupRounds; r++) {
          mock.clear();
          DueRound.check(app, db, warm, false);
          floor(app, "floor_", new BareCheck.NoSteps(), warm.ids(), false);
          warmIo = ioSteps(app, mock, http);
          floor(app, "io_floor_", warmIo, warm.ids(), false);
        }
      }
      // The measured tasks had no check yet: every measured round would have started a run for
      // all of them (the first) or none. Each now starts one for a tenth, as a running service's
      // do.
      DueRound.stagger(app, db, measured);
      // The floors record their checks as successful executions too. On the measured tasks, every
      // begin of theirs after a round would have had to read past the floors' rows (whose results
      // hold no answer) for the recent answers, more of them each round: the service's database
      // CPU per check rose from 1.8 to 2.8 ms over five rounds while the I/O floor's fell. They run
      // on tasks the service no longer checks instead.
      List<UUID> floorTasks =
          warm != null && warm.ids().size() >= n
              ? warm.ids().subList(0, n)
              : DueRound.create(app, "bench-checks-floors@example.com", n, false).ids();
      LongCheck.Floor longFloor = new LongCheck.Floor(app, floorTasks);
      if (warmIo != null) {
        longFloor.use(warmIo);
      }
      // Spread over a run's places as the monitors are, then warmed as the other sides were.
      longFloor.stagger();
      for (int r = 0; r < warmupRounds; r++) {
        longFloor.check(null);
      }
      Stats.figure("tasks", n, "count");
      Stats.comment(
          "measured: "
              + rounds
              + " rounds, each checking the measured tasks and running the three floors (odd rounds the service"
              + " first, even rounds the floors first) on as many tasks the service no longer checks (the"
              + " warm-up's);"
              + " each round's figures carry its prefix (roundN_), and the figures without one are the"
              + " medians of the rounds' (one round alone moved ours_over_io_floor between 1.03 and 1.24"
              + " from run to run of the same jar)"
              + (rewarm
                  ? "; before each measured window of the service or an I/O floor, the same side runs once"
                      + " unmeasured on the warm-up's tasks, so that it is measured on the code its own work"
                      + " compiled, not on what the other side's left deoptimised (--rewarm false: without)"
                  : ""));
      List<Round> measuredRounds = new ArrayList<>();
      IoSteps lastOurs = null;
      for (int r = 1; r <= rounds; r++) {
        String prefix = "round" + r + "_";
        EdenFill.draw();
        // Odd rounds check the service first, even rounds run the floors first: with the service
        // always first, each of five rounds after the first found it slower and the I/O floor
        // faster than the round before (0.74 to 2.01), in CPU without the collector and the
        // compilers too, so that neither side always inherits what the other leaves behind.
        boolean oursFirst = r % 2 == 1;
        Floors floors =
            oursFirst ? null : floors(app, prefix, lastOurs, floorTasks, longFloor, rewarm);
        if (rewarm && warm != null) {
          // On the warm-up's tasks: the JIT work the other side's window left for this one.
          DueRound.check(app, db, warm, false);
        }
        mock.clear();
        DueRound ours = DueRound.check(app, db, measured, true);
        int mockCalls = mock.calls().size();
        lastOurs = ioSteps(app, mock, http);
        Stats.figure(prefix + "checks_recorded", ours.recorded(), "count");
        Stats.figure(prefix + "checks_failed", ours.failed(), "count");
        if (ours.failure() != null) {
          Stats.comment("a failed check says: " + ours.failure());
        }
        Stats.figure(prefix + "mock_requests", mockCalls, "count");
        Stats.figure(prefix + "checks_per_second", ours.recorded() / ours.seconds(), "checks/s");
        Stats.figure(prefix + "check_wall_p50", Stats.percentile(ours.walls(), 50), "ms");
        Stats.figure(prefix + "check_wall_p99", Stats.percentile(ours.walls(), 99), "ms");
        ours.window().report(prefix, ours.recorded());
        RoundHistories.report(app, ours, prefix);

        if (oursFirst) {
          floors = floors(app, prefix, lastOurs, floorTasks, longFloor, rewarm);
        }
        Round round =
            new Round(
                Side.of(ours.recorded(), ours.seconds(), ours.window()),
                Side.of(floors.io()),
                Side.of(floors.longIo()),
                floors.noOp().seconds());
        measuredRounds.add(round);
        round.ours().over(round.io()).print(prefix + "ours_over_io_floor");
        round.ours().over(round.longIo()).print(prefix + "ours_over_long_io_floor");
      }
      longFloor.close();
      Stats.comment("the medians of the rounds:");
      Stats.figure("checks_per_second", median(measuredRounds, r -> r.ours().rate()), "checks/s");
      Stats.figure(
          "io_floor_checks_per_second", median(measuredRounds, r -> r.io().rate()), "checks/s");
      Stats.figure("cpu_per_check", median(measuredRounds, r -> r.ours().cpu()), "ms");
      Stats.figure("io_floor_cpu_per_check", median(measuredRounds, r -> r.io().cpu()), "ms");
      Stats.comment(
          "io_floor_ratio: the io floor over the floor, the least ratio a check that does its I/O can"
              + " have here; ours_over_io_floor: what the service adds to that work");
      Stats.ratio("io_floor_ratio", median(measuredRounds, Round::ioOverFloor));
      Stats.ratio("ours_over_io_floor", median(measuredRounds, r -> r.overIo().time()));
      Stats.comment(
          "ours_over_io_floor_cpu: the same in CPU per check, which a loaded machine disturbs less");
      Stats.ratio("ours_over_io_floor_cpu", median(measuredRounds, r -> r.overIo().cpu()));
      Stats.comment(
          "ours_over_io_floor_burst_cpu: the same from the due instant on: the window's CPU also"
              + " holds the workflow tasks its setup caused (the floor's starts, the service's"
              + " signals), which its time does not");
      Stats.ratio(
          "ours_over_io_floor_burst_cpu", median(measuredRounds, r -> r.overIo().burstCpu()));
      Stats.comment(
          "ours_over_io_floor_work: the same without the garbage collector's and the JIT compilers'"
              + " CPU, which land in one round or another; steadier than the others in most runs");
      Stats.ratio("ours_over_io_floor_work", median(measuredRounds, r -> r.overIo().work()));
      Stats.comment(
          "ours_over_io_floor_allocated: the same in heap allocated per check (the in-JVM mock's"
              + " and the bench's own included, alike on both sides); steady from run to run");
      Stats.ratio(
          "ours_over_io_floor_allocated", median(measuredRounds, r -> r.overIo().allocated()));
      Stats.comment(
          "long_io_floor: the I/O floor's checks in workflows that live as monitors do, one per task"
              + " across rounds, continued as new every "
              + MonitorWorkflowImpl.CHECKS_PER_RUN
              + " checks; long_io_floor_ratio: it over the one-shot I/O floor, what one long-running"
              + " workflow per task costs on this server; ours_over_long_io_floor: what the service"
              + " adds on top of that");
      Stats.figure(
          "long_io_floor_checks_per_second",
          median(measuredRounds, r -> r.longIo().rate()),
          "checks/s");
      Stats.figure(
          "long_io_floor_cpu_per_check", median(measuredRounds, r -> r.longIo().cpu()), "ms");
      Stats.ratio(
          "long_io_floor_ratio",
          median(measuredRounds, r -> r.longIo().seconds() / r.io().seconds()));
      Stats.ratio(
          "long_io_floor_ratio_allocated",
          median(measuredRounds, r -> r.longIo().over(r.io()).allocated()));
      Stats.ratio("ours_over_long_io_floor", median(measuredRounds, r -> r.overLongIo().time()));
      Stats.ratio("ours_over_long_io_floor_cpu", median(measuredRounds, r -> r.overLongIo().cpu()));
      Stats.ratio(
          "ours_over_long_io_floor_burst_cpu",
          median(measuredRounds, r -> r.overLongIo().burstCpu()));
      Stats.ratio(
          "ours_over_long_io_floor_work", median(measuredRounds, r -> r.overLongIo().work()));
      Stats.ratio(
          "ours_over_long_io_floor_allocated",
          median(measuredRounds, r -> r.overLongIo().allocated()));
      Stats.comment(
          "ratio = time from T until all checks are recorded / the same for the bare workflows");
      Stats.ratio(median(measuredRounds, Round::oursOverFloor));
    }
  }

  /**
   * One side of a measured round: its checks, their seconds from T, and CPU and heap allocated per
   * check.
   */
  private record Side(
      double seconds, double rate, double cpu, double work, double allocated, double burstCpu) {
    /**
     * {@code work}: CPU without the garbage collector's and the JIT compilers'; {@code burstCpu}:
     * CPU from the due instant on.
     */
    static Side of(int checks, double seconds, Window.Measured window) {
      CpuAccount start = window.start();
      CpuAccount end = window.end();
      return new Side(
          seconds,
          checks / seconds,
          window.cpuPerCheck(checks),
          end.workMillisSince(start) / checks,
          end.allocatedKibSince(start) / checks,
          window.burstCpuPerCheck(checks));
    }

    static Side of(BareRound floor) {
      return of(floor.done(), floor.seconds(), floor.window());
    }

    /** This side over a floor: in time to the last check, CPU, work and heap a check. */
    Ratios over(Side floor) {
      return new Ratios(
          seconds / floor.seconds(),
          cpu / floor.cpu(),
          work / floor.work(),
          allocated / floor.allocated(),
          burstCpu / floor.burstCpu());
    }
  }

  /** One side over another, each way it is measured. */
  private record Ratios(double time, double cpu, double work, double allocated, double burstCpu) {
    void print(String name) {
      Stats.ratio(name, time);
      Stats.ratio(name + "_cpu", cpu);
      Stats.ratio(name + "_burst_cpu", burstCpu);
      Stats.ratio(name + "_work", work);
      Stats.ratio(name + "_allocated", allocated);
    }
  }

  /**
   * A measured round: the service, the I/O floor one-shot and long-running, and the no-op floor's
   * seconds.
   */
  private record Round(Side ours, Side io, Side longIo, double floorSeconds) {
    Ratios overIo() {
      return ours.over(io);
    }

    Ratios overLongIo() {
      return ours.over(longIo);
    }

    double ioOverFloor() {
      return io.seconds() / floorSeconds;
    }

    double oursOverFloor() {
      return ours.seconds() / floorSeconds;
    }
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
    return Stats.median(rounds.stream().map(figure::applyAsDouble).toList());
  }

  /** A round's floors: the no-op one and the I/O ones, one-shot and long-running. */
  private record Floors(BareRound noOp, BareRound io, BareRound longIo) {}

  /**
   * The floors of a measured round on {@code tasks}, the I/O floors with {@code steps}; {@code
   * rewarm}: each I/O floor first runs once unmeasured, right before its measured window.
   */
  private static Floors floors(
      App app,
      String prefix,
      IoSteps steps,
      List<UUID> tasks,
      LongCheck.Floor longFloor,
      boolean rewarm) {
    BareRound noOp = floor(app, prefix + "floor_", new BareCheck.NoSteps(), tasks, true);
    if (rewarm) {
      floor(app, prefix + "io_floor_", steps, tasks, false);
    }
    BareRound io = floor(app, prefix + "io_floor_", steps, tasks, true);
    longFloor.use(steps);
    if (rewarm) {
      longFloor.check(null);
    }
    Settle.beforeWindow(app);
    BareRound longIo = longFloor.check(prefix + "long_io_floor");
    report(prefix + "long_io_floor_", longIo);
    return new Floors(noOp, io, longIo);
  }

  /**
   * The I/O floor's activities, replaying the model requests of each kind in the mock's log, which
   * it then empties: kept for the whole run, the requests (some 75,000 bodies of 1 to 4 KB) grew
   * the heap the collector traced, in whichever window its cycles fell; a round's are a few MB.
   */
  static IoSteps ioSteps(App app, GeminiMock mock, HttpClient http) {
    List<GeminiMock.Call> calls = mock.calls();
    mock.clear();
    return new IoSteps(
        app.floorJdbi(), http, mock.baseUrl(), ofKind(calls, "search"), ofKind(calls, "evaluate"));
  }

  private static List<GeminiMock.Call> ofKind(List<GeminiMock.Call> calls, String kind) {
    List<GeminiMock.Call> found = calls.stream().filter(c -> c.kind().equals(kind)).toList();
    if (found.isEmpty()) {
      throw new IllegalStateException("the round sent the mock no " + kind + " request");
    }
    return found;
  }

  /**
   * One bare workflow per task, all due together, with the given activities on a task queue of
   * their own.
   */
  private static BareRound floor(
      App app, String prefix, BareCheck.Steps steps, List<UUID> tasks, boolean report) {
    if (report) {
      Settle.beforeWindow(app);
    }
    BareRound round =
        BareRound.run(
            app,
            "bench-" + prefix.replace('_', '-') + "checks",
            steps,
            app.capacity().factoryOptions(),
            app.capacity().workerOptions(),
            tasks);
    if (report) {
      report(prefix, round);
    }
    return round;
  }

  private static void report(String prefix, BareRound round) {
    Stats.figure(prefix + "checks_recorded", round.done(), "count");
    Stats.figure(prefix + "checks_per_second", round.done() / round.seconds(), "checks/s");
    Stats.figure(prefix + "check_wall_p50", Stats.percentile(round.walls(), 50), "ms");
    Stats.figure(prefix + "check_wall_p99", Stats.percentile(round.walls(), 99), "ms");
    round.window().report(prefix, round.done());
  }
}
