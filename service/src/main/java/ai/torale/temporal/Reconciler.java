package ai.torale.temporal;

import ai.torale.errors.ApiException;
import ai.torale.tasks.Task;
import ai.torale.tasks.TaskDao;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL and Temporal in step: every active or paused task gets its monitor back (at its stored
 * next run) if it has none, at start and then periodically. With the embedded, in-memory server every start
 * begins with no workflows at all; on a cluster it repairs terminated or lost ones.
 */
public final class Reconciler implements Managed {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  private final Jdbi jdbi;
  private final MonitorClient monitors;
  private final Duration interval;
  private final boolean freshServer;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "torale-reconciler");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean firstPassDone;

  public Reconciler(Jdbi jdbi, MonitorClient monitors, Duration interval, boolean freshServer, Clock clock) {
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

  public boolean firstPassDone() {
    return firstPassDone;
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

  /** Ensures a monitor for every unfinished task; returns how many tasks were visited. */
  public int reconcile() {
    List<Task> tasks = jdbi.withExtension(TaskDao.class, TaskDao::unfinished);
    int visited = 0;
    for (Task task : tasks) {
      try {
        monitors.ensureRunning(task, null);
        visited++;
      } catch (ApiException e) {
        throw new IllegalStateException("Temporal unavailable while reconciling", e);
      }
    }
    return visited;
  }

  /**
   * A fresh in-memory server has no memory of checks that were running when the process stopped: those
   * executions end as failed, and their tasks' next checks run from the stored schedule.
   */
  private void interruptOrphanedChecks() {
    int interrupted = jdbi.withHandle(h -> h.createUpdate(
            "UPDATE executions SET status = 'failed', error_message = 'Interrupted by restart', "
                + "completed_at = :now WHERE status IN ('pending', 'running')")
        .bind("now", clock.instant()).execute());
    if (interrupted > 0) {
      log.info("{} checks were interrupted by the restart and marked failed", interrupted);
    }
  }
}
