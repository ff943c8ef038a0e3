package ai.torale.bench;

import java.time.Instant;

/**
 * A round's measured window: opened once the round is set up, before its due instant, and closed
 * when its checks are done. It holds what every side is measured by (CPU accounts at its opening,
 * at the due instant and at its close; the peak footprint) and starts and stops what watches it
 * (the settle check, the profiler), so that the service's rounds and the floors' open and close
 * theirs alike.
 */
record Window(String name, CpuAccount start, DueMark atDue, Footprint footprint) {

  /** Opens the window {@code name} of a round due at {@code due}. */
  static Window open(String name, Instant due) {
    long late = System.currentTimeMillis() - due.toEpochMilli();
    if (late > 0) {
      Stats.comment(
          "warning: setup finished " + late + " ms after the due time; the rate includes setup");
    }
    CpuAccount start = CpuAccount.now();
    DueMark atDue = DueMark.at(due.toEpochMilli());
    Settle.windowStarted();
    Footprint footprint = Footprint.start();
    Profiler.start();
    return new Window(name, start, atDue, footprint);
  }

  /** Closes it, the CPU account first, so that nothing after the checks lands in it. */
  Measured close() {
    CpuAccount end = CpuAccount.now();
    Settle.windowEnded(name);
    Profiler.stop(name);
    Footprint.Peak peak = footprint.stop();
    return new Measured(start, atDue.account(), end, peak);
  }

  /** What a closed window measured. */
  record Measured(CpuAccount start, CpuAccount atDue, CpuAccount end, Footprint.Peak footprint) {
    /** CPU a check over the whole window. */
    double cpuPerCheck(int checks) {
      return end.cpuMillisSince(start) / checks;
    }

    /** CPU a check from the due instant on: the burst's, without the setup's workflow tasks. */
    double burstCpuPerCheck(int checks) {
      return end.cpuMillisSince(atDue) / checks;
    }

    /** Prints the window's CPU and heap a check, by process and thread group, and the burst's. */
    void report(String prefix, int checks) {
      end.reportSince(start, prefix, "check", checks);
      Stats.figure(prefix + "burst_cpu_per_check", burstCpuPerCheck(checks), "ms");
    }
  }
}
