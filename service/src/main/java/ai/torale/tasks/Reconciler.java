package ai.torale.tasks;

import ai.torale.executions.ExecutionDao;
import ai.torale.temporal.MonitorClient;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL and Temporal in step: every active or paused task gets its monitor back (at its
 * stored next run) if it has none, at start and then periodically. With the embedded, in-memory
 * server every start begins with no workflows at all; on a cluster it repairs terminated or lost
 * ones.
 */
public final class Reconciler implements Managed {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int PARALLEL_STARTS = 8;

  private final Jdbi jdbi;
  private final MonitorClient monitors;
  private final Duration interval;
  private final boolean freshServer;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "torale-reconciler");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean firstPassDone;

  public Reconciler(
      Jdbi jdbi, MonitorClient monitors, Duration interval, boolean freshServer, Clock clock) {
    this.jdbi = jdbi;
    this.monitors = monitors;
    this.interval = interval;
    this.freshServer = freshServer;
    this.clock = clock;
  }

  @Override
  public void start() {
    timer.scheduleWithFixedDelay(this::runSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void runSafely() {
    try {
      if (!firstPassDone && freshServer) {
        interruptOrphanedChecks();
      }
      int started = reconcile();
      firstPassDone = true;
      if (started > 0) {
        log.info("Reconciled {} task monitors", started);
      }
    } catch (RuntimeException e) {
      log.warn("Reconciliation failed, will try again in {}: {}", interval, e.getMessage());
    }
  }

  /**
   * Ensures a monitor for every unfinished task, a few start calls at a time (each is one round
   * trip to Temporal, so a cold start of thousands of tasks is bound by latency, not work); returns
   * how many were visited.
   */
  public int reconcile() {
    List<Task> tasks = jdbi.withHandle(h -> new TaskDao(h).unfinished());
    ExecutorService starts =
        Executors.newFixedThreadPool(
            PARALLEL_STARTS,
            r -> {
              Thread t = new Thread(r, "torale-reconciler-start");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> started = new ArrayList<>();
      for (Task task : tasks) {
        started.add(starts.submit(() -> monitors.ensureRunning(task.monitored(), null)));
      }
      for (Future<?> start : started) {
        start.get();
      }
      return tasks.size();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Temporal unavailable while reconciling", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Reconciliation interrupted", e);
    } finally {
      starts.shutdownNow();
    }
  }

  /**
   * A fresh in-memory server has no memory of checks that were running when the process stopped:
   * those executions end as failed, and their tasks' next checks run from the stored schedule.
   */
  private void interruptOrphanedChecks() {
    int interrupted =
        jdbi.withHandle(h -> new ExecutionDao(h).interruptUnfinished(clock.instant()));
    if (interrupted > 0) {
      log.info("{} checks were interrupted by the restart and marked failed", interrupted);
    }
  }
}
