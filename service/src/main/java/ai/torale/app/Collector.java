package ai.torale.app;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The garbage collector the JVM runs, and the advice to start Torale on the Parallel collector when
 * it is another. On two cores a check cost the worker about a third less CPU on Parallel than on
 * G1, while bare workflows that start anew for each check cost the same on both: what G1 charges is
 * particular to long-lived monitors (docs/performance.md). The JVM picks G1 by itself on any
 * machine with two cores, so the README's command and the Docker image name Parallel.
 */
final class Collector {
  static final String FLAG = "-XX:+UseParallelGC";

  private Collector() {}

  /** The names of the running JVM's collectors (e.g. "PS Scavenge", "G1 Young Generation"). */
  static List<String> running() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .toList();
  }

  /** The advice for a JVM with these collectors; none on Parallel ("PS ..."). */
  static Optional<String> advice(List<String> collectors) {
    if (collectors.stream().anyMatch(name -> name.startsWith("PS "))) {
      return Optional.empty();
    }
    return Optional.of(
        "The JVM runs "
            + String.join(" and ", collectors)
            + "; Torale's checks take about a third less CPU on the Parallel collector: start it"
            + " with "
            + FLAG
            + " (the README's command and the Docker image do).");
  }

  static void adviseOnStart(Logger log) {
    advice(running()).ifPresent(log::info);
  }
}
