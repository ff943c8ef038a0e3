package ai.torale.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Random;

/**
 * Leaves the young generation as full as it is at a random instant of a running service, so that a
 * window collects as often as its allocation asks, on average, whichever side it measures.
 *
 * <p>Right after the full collection that settles a window the young generation is empty, and a
 * window of 1,000 checks allocates 550 to 650 MB: whether it collected at all depended only on
 * where G1 had set the young generation's size (600 to 850 MB in these runs). Set between the
 * floors' allocation and the service's, every service window paid a young collection and its
 * concurrent cycle and no floor window did (2026-12-05: collector CPU of 0.10 to 0.34 ms a check in
 * each of five service windows, under 0.04 in every floor's); set above both, neither did. A share
 * drawn uniformly gives each window a collection with the chance its allocation over the young
 * generation's size gives it in steady running, and no side a threshold of its own. {@code
 * -Dbench.edenFill=false} turns it off.
 */
final class EdenFill {
  private static final boolean ON = !"false".equals(System.getProperty("bench.edenFill"));
  // Seeded: a run's draws are the same run after run.
  private static final Random DRAWS = new Random(Long.getLong("bench.edenSeed", 1L));
  // Small enough to land in the young generation (G1 puts an object of half a region or more
  // elsewhere), and checked every megabyte.
  private static final int CHUNK = 64 * 1024;
  // A share close to full would start a collection before the window does.
  private static final double MOST = 0.95;

  @SuppressWarnings("unused")
  private static volatile byte[] sink;

  private static volatile double share = Double.NaN;

  private EdenFill() {}

  /** Draws the share the next windows start from, until the next draw. */
  static void draw() {
    share = DRAWS.nextDouble() * MOST;
  }

  /**
   * Fills the young generation, just collected, to the share last drawn (drawn here when no
   * scenario drew one).
   */
  static void toShare() {
    if (!ON) {
      return;
    }
    MemoryPoolMXBean eden = eden();
    if (eden == null) {
      return;
    }
    if (Double.isNaN(share)) {
      draw();
    }
    long size = eden.getUsage().getCommitted();
    long target = (long) (size * share);
    while (eden.getUsage().getUsed() < target) {
      for (int i = 0; i < (1 << 20) / CHUNK; i++) {
        sink = new byte[CHUNK];
      }
    }
    sink = null;
    Stats.comment(
        String.format(
            "young generation filled to %.2f of %d MiB before the window", share, size >> 20));
  }

  private static MemoryPoolMXBean eden() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().contains("Eden")) {
        return pool;
      }
    }
    return null;
  }
}
