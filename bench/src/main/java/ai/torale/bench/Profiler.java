package ai.torale.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Profiles each measured window with async-profiler when {@code -Dbench.asyncProfiler} names its
 * library: the bench loads it into its own JVM (the JVM's {@code JVMTI.agent_load} diagnostic
 * command, as {@code jcmd} does) when a window opens and stops it when the window closes, writing
 * collapsed stacks to {@code <bench.profileDir>/<n>-<window>.collapsed} ({@code
 * -Dbench.profileOutput=collapsed,total}: weighed by bytes or time, not samples). Warm-up rounds
 * are windows too, numbered in order. Without the property it does nothing.
 */
final class Profiler {
  private static final String LIBRARY = System.getProperty("bench.asyncProfiler");
  private static final Path DIR = Path.of(System.getProperty("bench.profileDir", "."));
  private static final String OPTIONS =
      System.getProperty("bench.profileOptions", "event=itimer,interval=1ms,threads");
  // "collapsed,total" weighs each stack by what it measured (bytes, for allocations), not by
  // samples: a sample stands for one TLAB or more, so counts overstate small allocation sites.
  private static final String OUTPUT = System.getProperty("bench.profileOutput", "collapsed");
  // "due": each round's window is profiled from its due instant, the burst alone (DueMark).
  private static final boolean FROM_DUE = "due".equals(System.getProperty("bench.profileFrom"));
  private static int windows;
  private static boolean running;

  private Profiler() {}

  /** Starts profiling the window that opens now (unless from its due instant). */
  static synchronized void start() {
    if (LIBRARY != null && !FROM_DUE) {
      begin();
    }
  }

  /** Starts profiling a round's window at its due instant, with {@code bench.profileFrom=due}. */
  static synchronized void startAtDue() {
    if (LIBRARY != null && FROM_DUE && !running) {
      begin();
    }
  }

  private static void begin() {
    agent("start," + OPTIONS);
    running = true;
  }

  /** Stops profiling and writes what the window ran under {@code name}. */
  static synchronized void stop(String name) {
    if (LIBRARY != null && running) {
      running = false;
      String file = DIR.resolve(++windows + "-" + name + ".collapsed").toAbsolutePath().toString();
      agent("stop,file=" + file + "," + OUTPUT);
      Stats.comment("profile of " + name + ": " + file);
    }
  }

  private static void agent(String options) {
    try {
      ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName("com.sun.management:type=DiagnosticCommand"),
              "jvmtiAgentLoad",
              // Quoted: the command parser would read an unquoted "a=b" as an option of its own.
              new Object[] {new String[] {LIBRARY, "\"" + options + "\""}},
              new String[] {String[].class.getName()});
    } catch (Exception e) {
      throw new IllegalStateException("async-profiler " + options + " failed", e);
    }
  }
}
