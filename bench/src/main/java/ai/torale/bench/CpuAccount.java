package ai.torale.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CPU spent in a window: this JVM's, by thread group, and the embedded PostgreSQL's. On a saturated
 * machine checks per second follow CPU per check, which is steadier than wall time on a noisy one
 * and says where the time goes.
 */
final class CpuAccount {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.ThreadMXBean ALLOCATIONS =
      (com.sun.management.ThreadMXBean) THREADS;
  private static final long CLOCK_TICK_NANOS = 10_000_000L;
  private static final String JIT = "JIT compiler";
  private static final String GC = "garbage collector";

  /**
   * Part of the embedded database server's command line (its data directory); null when there is
   * none.
   */
  private static volatile String serverMarker;

  private final long jvmNanos;
  private final long serverNanos;
  private final Map<String, Long> byGroup;
  private final long allocatedBytes;

  private CpuAccount(
      long jvmNanos, long serverNanos, Map<String, Long> byGroup, long allocatedBytes) {
    this.jvmNanos = jvmNanos;
    this.serverNanos = serverNanos;
    this.byGroup = byGroup;
    this.allocatedBytes = allocatedBytes;
  }

  static void countServer(String commandLineMarker) {
    serverMarker = commandLineMarker;
  }

  static CpuAccount now() {
    Map<String, Long> groups = new HashMap<>();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = THREADS.getThreadCpuTime(ids[i]);
      if (infos[i] != null && cpu > 0) {
        groups.merge(group(infos[i].getThreadName()), cpu, Long::sum);
      }
    }
    nativeThreads(groups);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new CpuAccount(
        os.getProcessCpuTime(),
        serverProcessesNanos(),
        groups,
        ALLOCATIONS.getTotalThreadAllocatedBytes());
  }

  /**
   * The JVM's own threads, which ThreadMXBean does not list: garbage collection and the JIT
   * compilers, from /proc/self/task (Linux; nothing elsewhere). Their names are cut to 15
   * characters there.
   */
  private static void nativeThreads(Map<String, Long> groups) {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String group =
              comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
                  ? JIT
                  : comm.startsWith("GC Thread") || comm.startsWith("G1 ")
                      ? GC
                      : comm.equals("VM Thread") ? "VM thread" : null;
          if (group != null) {
            groups.merge(group, cpuNanos(fields(stat)), Long::sum);
          }
        } catch (IOException | RuntimeException e) {
          // A thread that ended while being read.
        }
      }
    } catch (IOException e) {
      // Not Linux.
    }
  }

  /**
   * Thread names without their numbers and ids: "Activity Executor taskQueue=..." rather than each
   * thread.
   */
  private static String group(String name) {
    String g = name.replaceAll("namespace=\"[^\"]*\": ?", "").replaceAll("[-#]?\\d+", "N");
    return g.startsWith("workflow-method") ? "workflow-method" : g;
  }

  /**
   * utime + stime of the embedded PostgreSQL: the processes whose command line names its data
   * directory and their children (the backends), those that ended included, from /proc (Linux); 0
   * elsewhere, or for a server elsewhere.
   */
  private static long serverProcessesNanos() {
    String marker = serverMarker;
    if (marker == null) {
      return 0;
    }
    Map<Long, long[]> procs = new HashMap<>();
    Set<Long> roots = new HashSet<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          String stat = Files.readString(dir.resolve("stat"));
          String[] f = fields(stat);
          long pid = Long.parseLong(dir.getFileName().toString());
          procs.put(pid, new long[] {Long.parseLong(f[1]), cpuNanos(f), reapedNanos(f)});
          if (new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
              .contains(marker)) {
            roots.add(pid);
          }
        } catch (IOException | RuntimeException e) {
          // A process that ended while being read.
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return procs.entrySet().stream()
        .filter(e -> roots.contains(e.getKey()) || roots.contains(e.getValue()[0]))
        // A root's reaped children count too: a backend that exits in a window (a pool closing
        // a connection) took its CPU with it, and the window's figure went negative.
        .mapToLong(e -> e.getValue()[1] + (roots.contains(e.getKey()) ? e.getValue()[2] : 0))
        .sum();
  }

  /**
   * A /proc stat line's fields after the command name (which may hold spaces): [0] is the state.
   */
  private static String[] fields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  /** utime + stime of those fields, in nanoseconds. */
  private static long cpuNanos(String[] fields) {
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * CLOCK_TICK_NANOS;
  }

  /** cutime + cstime of those fields: the CPU of the children the process has waited for. */
  private static long reapedNanos(String[] fields) {
    return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * CLOCK_TICK_NANOS;
  }

  /** Milliseconds of CPU, this JVM's and the database server's, since {@code start}. */
  double cpuMillisSince(CpuAccount start) {
    return (jvmNanos - start.jvmNanos + serverNanos - start.serverNanos) / 1e6;
  }

  /**
   * Milliseconds of CPU since {@code start} but the garbage collector's and the JIT compilers': the
   * work itself. When G1's concurrent cycles and the compiler's last methods land moves a round's
   * CPU by a fifth either way; without them it moves less, though not always little.
   */
  double workMillisSince(CpuAccount start) {
    return cpuMillisSince(start)
        - groupNanosSince(start, GC) / 1e6
        - groupNanosSince(start, JIT) / 1e6;
  }

  /**
   * KiB this JVM allocated on its heap since {@code start}, virtual threads' allocations with their
   * carriers'. Unlike CPU it hardly moves with the machine's speed, so it shows a change in the
   * work itself run to run.
   */
  double allocatedKibSince(CpuAccount start) {
    return (allocatedBytes - start.allocatedBytes) / 1024.0;
  }

  private long groupNanosSince(CpuAccount start, String group) {
    return byGroup.getOrDefault(group, 0L) - start.byGroup.getOrDefault(group, 0L);
  }

  /**
   * Prints ms of CPU per unit (a check, a request) since {@code start} as figures, and the largest
   * thread groups as comments. The JVM's share includes the bench's own clients and mock, which run
   * in it. Returns the ms of CPU per unit, the JVM's and the database's together.
   */
  double reportSince(CpuAccount start, String prefix, String unit, int units) {
    double jvm = (jvmNanos - start.jvmNanos) / 1e6 / units;
    double server = (serverNanos - start.serverNanos) / 1e6 / units;
    Stats.figure(prefix + "cpu_per_" + unit, jvm + server, "ms");
    Stats.figure(prefix + "jvm_cpu_per_" + unit, jvm, "ms");
    Stats.figure(prefix + "db_process_cpu_per_" + unit, server, "ms");
    Stats.figure(prefix + "heap_allocated_per_" + unit, allocatedKibSince(start) / units, "KiB");
    Map<String, Long> spent =
        byGroup.entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e -> e.getValue() - start.byGroup.getOrDefault(e.getKey(), 0L)));
    spent.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(10)
        .forEach(e ->
            Stats.comment(
                String.format(
                    java.util.Locale.ROOT,
                    "  %s%.2f ms/%s in %s",
                    prefix,
                    e.getValue() / 1e6 / units,
                    unit,
                    e.getKey())));
    return jvm + server;
  }
}
