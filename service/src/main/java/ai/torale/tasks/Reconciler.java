package ai.torale.tasks;

import ai.torale.executions.ExecutionDao;
import ai.torale.monitor.RunNowRequest;
import ai.torale.temporal.MonitorClient;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  /** Tasks read at a time: a pass never holds every task in memory. */
  static final int PAGE = 1_000;

  private final Jdbi jdbi;
  private final MonitorClient monitors;
  private final Duration interval;
  private final boolean freshServer;
  private final Clock clock;
  private final int pageSize;
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
    this(jdbi, monitors, interval, freshServer, clock, PAGE);
  }

  Reconciler(
      Jdbi jdbi,
      MonitorClient monitors,
      Duration interval,
      boolean freshServer,
      Clock clock,
      int pageSize) {
    this.pageSize = pageSize;
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
      Map<UUID, RunNowRequest> resumed = Map.of();
      if (!firstPassDone && freshServer) {
        interruptOrphanedChecks();
        resumed = acceptedManualRuns();
      }
      int started = reconcile(resumed);
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
    return reconcile(Map.of());
  }

  /**
   * The same, handing each task's monitor the manual run it had accepted before a restart ({@code
   * runs}, by task); a completed task's run gets a monitor that does just that check.
   */
  private int reconcile(Map<UUID, RunNowRequest> runs) {
    Map<UUID, RunNowRequest> left = new HashMap<>(runs);
    ExecutorService starts =
        Executors.newFixedThreadPool(
            PARALLEL_STARTS,
            r -> {
              Thread t = new Thread(r, "torale-reconciler-start");
              t.setDaemon(true);
              return t;
            });
    try {
      int visited = 0;
      List<Task> page = List.of();
      do {
        UUID after = page.isEmpty() ? null : page.get(page.size() - 1).id();
        page = jdbi.withHandle(h -> new TaskDao(h).unfinished(after, pageSize));
        List<Future<?>> started = new ArrayList<>();
        for (Task task : page) {
          RunNowRequest run = left.remove(task.id());
          started.add(starts.submit(() -> monitors.ensureRunning(task.monitored(), run)));
        }
        for (Future<?> start : started) {
          start.get();
        }
        visited += page.size();
      } while (page.size() == pageSize);
      for (Map.Entry<UUID, RunNowRequest> run : left.entrySet()) {
        jdbi.withHandle(h -> new TaskDao(h).find(run.getKey()))
            .ifPresent(task -> monitors.ensureRunning(task.monitored(), run.getValue()));
      }
      return visited;
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
   * Manual runs the API accepted before the restart, which a fresh server has forgotten: each
   * task's newest runs again under its own execution id, as it was asked; an older one, already
   * replaced by a forced run, ends as failed.
   */
  private Map<UUID, RunNowRequest> acceptedManualRuns() {
    Map<UUID, RunNowRequest> runs = new HashMap<>();
    List<UUID> replaced = new ArrayList<>();
    for (ExecutionDao.UnfinishedRun run :
        jdbi.withHandle(h -> new ExecutionDao(h).unfinishedManualRuns())) {
      RunNowRequest older =
          runs.put(
              run.taskId(),
              new RunNowRequest(run.executionId(), false, run.suppressNotifications()));
      if (older != null) {
        replaced.add(older.executionId());
      }
    }
    if (!replaced.isEmpty()) {
      jdbi.useHandle(h -> new ExecutionDao(h).interrupt(replaced, clock.instant()));
    }
    if (!runs.isEmpty()) {
      log.info("{} manual checks accepted before the restart run again", runs.size());
    }
    return runs;
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
