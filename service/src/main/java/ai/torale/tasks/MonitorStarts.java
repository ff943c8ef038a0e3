package ai.torale.tasks;

import ai.torale.monitor.RunNowRequest;
import ai.torale.temporal.MonitorClient;
import ai.torale.temporal.MonitoredTask;
import com.codahale.metrics.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One reconciler pass's calls to Temporal, a few at a time (each is one round trip, so a pass over
 * thousands of tasks is bound by latency, not work), every one counted on the operators' metric.
 * The threads are made on the first call: a pass that makes none starts none.
 */
final class MonitorStarts implements AutoCloseable {
  private static final int PARALLEL = 8;

  private final MonitorClient monitors;
  private final Counter temporalCalls;
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          PARALLEL, Thread.ofPlatform().name("torale-reconciler-start").daemon().factory());
  private final List<Future<?>> inFlight = new ArrayList<>();
  private long made;

  MonitorStarts(MonitorClient monitors, Counter temporalCalls) {
    this.monitors = monitors;
    this.temporalCalls = temporalCalls;
  }

  /** Starts the task's monitor (with {@code run}, if any) unless one is running; one call. */
  void ensureRunning(MonitoredTask task, RunNowRequest run) {
    made++;
    temporalCalls.inc();
    inFlight.add(pool.submit(() -> monitors.ensureRunning(task, run)));
  }

  /** Waits for every call made so far; one that failed fails the pass. */
  void await() {
    try {
      for (Future<?> call : inFlight) {
        call.get();
      }
      inFlight.clear();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Temporal unavailable while reconciling", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Reconciliation interrupted", e);
    }
  }

  /** Calls made in this pass. */
  long made() {
    return made;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
