package ai.torale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's busy cores in each second from an instant on (all processes: the service, its
 * PostgreSQL, anything else running), read from /proc/stat. A round that leaves cores idle while
 * checks wait shows it here.
 */
final class MachineLoad {
  /** Kernel ticks per second of /proc/stat's counters (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  private final long fromMillis;
  private final List<Double> busy = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean stopped;

  private MachineLoad(long fromMillis) {
    this.fromMillis = fromMillis;
    this.sampler = Thread.ofPlatform().daemon().name("bench-machine-load").unstarted(this::sample);
  }

  /** Samples each second from {@code fromMillis} (epoch ms) until {@link #stop()}. */
  static MachineLoad from(long fromMillis) {
    MachineLoad load = new MachineLoad(fromMillis);
    load.sampler.start();
    return load;
  }

  /** Busy cores in each whole second sampled; empty where /proc/stat cannot be read. */
  List<Double> stop() throws InterruptedException {
    stopped = true;
    sampler.interrupt();
    sampler.join();
    synchronized (busy) {
      return List.copyOf(busy);
    }
  }

  private void sample() {
    try {
      long next = fromMillis;
      Parallel.sleep(Math.max(0, next - System.currentTimeMillis()));
      long before = busyTicks();
      while (!stopped) {
        next += 1000;
        long wait = next - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        long now = busyTicks();
        synchronized (busy) {
          busy.add((now - before) / TICKS_PER_SECOND);
        }
        before = now;
      }
    } catch (InterruptedException | IOException | RuntimeException e) {
      // Stopped, or no /proc/stat: what was sampled stands.
    }
  }

  /**
   * Ticks spent in user, nice, system, irq and softirq (not idle, I/O wait or steal), all cores.
   */
  private static long busyTicks() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < f.length; i++) {
      if (i != 4 && i != 5 && i <= 7) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy;
  }
}
