package ai.torale.bench;

/**
 * Quiets the JVM before a measured window, so that what an earlier window left behind lands in
 * neither side's: the closed runs the embedded server removes 10 s after they close (it looks every
 * 5 s), and the garbage of the window before. Without it, a round's figures depended on which side
 * ran after which: the floors close every workflow they start, and the removal of a thousand runs,
 * with the collection of what they held, fell into the next side's window. PostgreSQL's upkeep of
 * the rows the last window wrote (autovacuum, a checkpoint) is done before the next too: in one run
 * the service's PostgreSQL CPU a check doubled (1.0 to 2.0 ms) in the round right after the floors'
 * writes.
 */
final class Settle {
  /** From a window's end until the embedded server has removed the runs that closed in it. */
  private static final long RUNS_REMOVED_AFTER_MS = Long.getLong("bench.settleMs", 16_000L);

  private static volatile long lastWindowStart;
  private static volatile long lastWindowEnd;
  private static boolean checkpointRefused;

  private Settle() {}

  /** Marks the start of a window, measured or not. */
  static void windowStarted() {
    lastWindowStart = System.currentTimeMillis();
  }

  /**
   * Marks the end of a window, measured or not, and prints its span in epoch milliseconds, to cut
   * an outside profile of the run (perf on PostgreSQL, say) by window.
   */
  static void windowEnded(String window) {
    lastWindowEnd = System.currentTimeMillis();
    Stats.comment("window " + window + " " + lastWindowStart + " " + lastWindowEnd);
  }

  /**
   * Waits until the runs the last window closed are removed, vacuums the tables a check writes,
   * checkpoints, collects the heap, and fills the young generation to the drawn share ({@link
   * EdenFill}).
   */
  static void beforeWindow(App app) {
    quiet(app);
    EdenFill.toShare();
  }

  private static void quiet(App app) {
    long wait = lastWindowEnd + RUNS_REMOVED_AFTER_MS - System.currentTimeMillis();
    if (wait > 0) {
      Parallel.sleep(wait);
    }
    app.floorJdbi().useHandle(h -> h.execute("VACUUM (ANALYZE) tasks, executions"));
    try {
      app.floorJdbi().useHandle(h -> h.execute("CHECKPOINT"));
    } catch (RuntimeException e) {
      // A server the bench's user may not checkpoint (not a superuser): its checkpoints land where
      // they fall.
      if (!checkpointRefused) {
        checkpointRefused = true;
        Stats.comment("warning: no checkpoint before the windows: " + e.getMessage());
      }
    }
    System.gc();
  }
}
