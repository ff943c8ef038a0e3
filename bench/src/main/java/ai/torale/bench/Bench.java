package ai.torale.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * {@code java -jar bench/target/torale-bench.jar <checks|api|scale|tokens|soak|latency> [--option
 * value ...]}: runs the real service against a local Gemini mock and prints one {@code name=value
 * unit} line per figure, then {@code ratio=<ours/floor>} where the scenario has a floor. Lines
 * starting with # are comments.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    Stats.quietStdout();
    String scenario = args[0];
    Options options = new Options(args, 1);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    int exit = 0;
    try (GeminiMock mock = new GeminiMock();
        Database db = Database.open()) {
      Stats.comment(
          "scenario "
              + scenario
              + " on "
              + Runtime.getRuntime().availableProcessors()
              + " cores, "
              + (os.getTotalMemorySize() >> 20)
              + " MiB memory, JDK "
              + System.getProperty("java.vm.name")
              + " "
              + Runtime.version()
              + ", max heap "
              + (Runtime.getRuntime().maxMemory() >> 20)
              + " MiB, collectors "
              + ManagementFactory.getGarbageCollectorMXBeans().stream()
                  .map(GarbageCollectorMXBean::getName)
                  .toList()
              + ", "
              + db.description
              + ", embedded Temporal test server, Gemini mock at "
              + mock.baseUrl());
      switch (scenario) {
        case "checks" -> ChecksScenario.run(options, db, mock);
        case "api" -> ApiScenario.run(options, db, mock);
        case "scale" -> ScaleScenario.run(options, db, mock);
        case "tokens" -> TokensScenario.run(options, db, mock);
        case "soak" -> SoakScenario.run(options, db, mock);
        case "latency" -> LatencyScenario.run(options, db, mock);
        default -> {
          usage();
          exit = 2;
        }
      }
    } catch (Exception | Error e) {
      e.printStackTrace();
      exit = 1;
    }
    // Temporal and Jetty leave non-daemon threads behind; the figures are printed, so leave now.
    System.exit(exit);
  }

  private static void usage() {
    System.err.println(
        """
        usage: java -jar bench/target/torale-bench.jar <scenario> [options]
          checks  [--tasks 1000] [--warmup-tasks 300] [--warmup-rounds 4]
                                                 tasks due at once: checks/s, check wall p50/p99; floor: bare workflows
          api     [--clients 8] [--seconds 20] [--per-user 50] [--warmup 30] [--routes get,list,update,create]
                                                 get, list, update, create one at a time: CPU per request, p50/p99,
                                                 each beside its floor (SELECT; UPDATE + signal; INSERT + start)
          scale   [--tasks 10000] [--due 1000] [--due-delay-s auto] [--steady-tasks 100000] [--lost 100]
                                                 cold restart: reconcile time, heap after GC, scheduling lag;
                                                 a later reconciler pass: Temporal calls and seconds
          tokens  [--history 10,200]             prompt/completion characters and tokens per check
          soak    [--checks 10000] [--tasks 8] [--warmup-checks 2000] [--sample-every 400]
                  [--news-every 4] [--fail-every 5]
                                                 scheduled and run-now checks, webhooks, continue-as-new: heap per check
          latency [--tasks 2000] [--warmup-tasks 300] [--search-ms 3000] [--search-spread-ms 1000]
                  [--evaluate-ms 1000] [--evaluate-spread-ms 300] [--config key=value;key=value]
                  [--bare true]
                                                 tasks due at once with and without provider latency:
                                                 latency_hiding, max_in_flight, heap and threads
        Database: TORALE_DATABASE_URL (+_USER, _PASSWORD) gets a fresh database per run; unset: embedded PostgreSQL.\
        """);
  }
}
