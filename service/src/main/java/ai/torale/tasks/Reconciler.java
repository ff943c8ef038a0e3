package ai.torale.tasks;

import ai.torale.executions.ExecutionDao;
import ai.torale.monitor.RunNowRequest;
import ai.torale.temporal.MonitorClient;
import com.codahale.metrics.Counter;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL and Temporal in step: a task that should have a monitor gets it back (at its
 * stored next run). A fresh embedded, in-memory server has no workflows at all, so its first pass
 * restores every active or paused task. Every other pass, and every pass on a cluster, repairs only
 * the monitors that look lost, which PostgreSQL shows without asking Temporal: an active task whose
 * check is overdue, a manual run the API accepted that never began. A steady system costs a pass a
 * few index reads and no Temporal call.
 */
public final class Reconciler implements Managed {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  /**
   * How late a check may begin on a live monitor before the monitor counts as lost: its timer fires
   * within a second, a burst of due checks drains in a minute or two. A lost monitor's check runs
   * this much (plus up to one interval) after it was due.
   */
  static final Duration GRACE = Duration.ofMinutes(5);

  /**
   * A check running longer than this counts as lost: every activity's retries have ended by then
   * (the workflow's own bound on a check in flight, architecture.md §4).
   */
  static final Duration CHECK_BOUND = Duration.ofHours(4);

  /** Rows read at a time: a pass never holds every task in memory. */
  static final int PAGE = 1_000;

  /** What a pass did: tasks it looked at, the Temporal calls it made, how long it took. */
  public record Pass(int tasks, long temporalCalls, Duration took) {}

  private final Jdbi jdbi;
  private final MonitorClient monitors;
  private final Duration interval;
  private final boolean freshServer;
  private final Clock clock;
  private final Counter temporalCalls;
  private final int pageSize;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("torale-reconciler").daemon().factory());
  // The timer thread's own: the manual runs a fresh server resumes, kept until its first pass ends.
  private Map<UUID, RunNowRequest> runsToResume;
  private volatile boolean restored;

  /** {@code temporalCalls}: counts every call a pass makes, for operators. */
  public Reconciler(
      Jdbi jdbi,
      MonitorClient monitors,
      Duration interval,
      boolean freshServer,
      Clock clock,
      Counter temporalCalls) {
    this(jdbi, monitors, interval, freshServer, clock, temporalCalls, PAGE);
  }

  Reconciler(
      Jdbi jdbi,
      MonitorClient monitors,
      Duration interval,
      boolean freshServer,
      Clock clock,
      Counter temporalCalls,
      int pageSize) {
    this.jdbi = jdbi;
    this.monitors = monitors;
    this.interval = interval;
    this.freshServer = freshServer;
    this.clock = clock;
    this.temporalCalls = temporalCalls;
    this.pageSize = pageSize;
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
      if (freshServer && !restored) {
        // Once: a retry after a failed first pass must not mark the checks it started as failed.
        if (runsToResume == null) {
          interruptOrphanedChecks();
          runsToResume = acceptedManualRuns();
        }
        restoreAll(runsToResume);
        restored = true;
        runsToResume = null;
      } else {
        repairLost();
      }
    } catch (RuntimeException e) {
      log.warn("Reconciliation failed, will try again in {}: {}", interval, e.getMessage());
    }
  }

  /** Ensures a monitor for every unfinished task: one Temporal call each. */
  public Pass restoreAll() {
    return restoreAll(Map.of());
  }

  /**
   * The same, handing each task's monitor the manual run it had accepted before a restart ({@code
   * runs}, by task); a completed task's run gets a monitor that does just that check.
   */
  private Pass restoreAll(Map<UUID, RunNowRequest> runs) {
    long began = System.nanoTime();
    Map<UUID, RunNowRequest> left = new HashMap<>(runs);
    try (MonitorStarts starts = new MonitorStarts(monitors, temporalCalls)) {
      int visited = 0;
      List<Task> page = List.of();
      do {
        UUID after = page.isEmpty() ? null : page.get(page.size() - 1).id();
        page = jdbi.withHandle(h -> new TaskDao(h).unfinished(after, pageSize));
        for (Task task : page) {
          starts.ensureRunning(task.monitored(), left.remove(task.id()));
        }
        starts.await();
        visited += page.size();
      } while (page.size() == pageSize);
      for (Map.Entry<UUID, RunNowRequest> run : left.entrySet()) {
        jdbi.withHandle(h -> new TaskDao(h).find(run.getKey()))
            .ifPresent(task -> starts.ensureRunning(task.monitored(), run.getValue()));
      }
      starts.await();
      return report("restored every monitor", visited, starts, began);
    }
  }

  /**
   * Restarts the monitors that look lost, one Temporal call each (none when every monitor is
   * alive): first each manual run accepted more than {@link #GRACE} ago whose check has not begun
   * (its monitor comes back carrying it, or a running one is asked to take it), then each active
   * task whose check is overdue by more than {@link #GRACE} and not running (or running for more
   * than {@link #CHECK_BOUND}). Paused tasks need nothing: a paused monitor has nothing to do until
   * a resume (signal-with-start) or a run now, and both start a missing one.
   */
  public Pass repairLost() {
    long began = System.nanoTime();
    Instant now = clock.instant();
    Instant lateBefore = now.minus(GRACE);
    Instant stuckBefore = now.minus(CHECK_BOUND);
    int found = 0;
    try (MonitorStarts starts = new MonitorStarts(monitors, temporalCalls)) {
      List<ExecutionDao.UnfinishedRun> runs = List.of();
      do {
        UUID after = runs.isEmpty() ? null : runs.get(runs.size() - 1).executionId();
        runs =
            jdbi.withHandle(
                h -> new ExecutionDao(h).unbegunManualRuns(lateBefore, after, pageSize));
        for (ExecutionDao.UnfinishedRun run : runs) {
          RunNowRequest request =
              new RunNowRequest(run.executionId(), false, run.suppressNotifications());
          jdbi.withHandle(h -> new TaskDao(h).find(run.taskId()))
              .ifPresent(task -> starts.ensureRunning(task.monitored(), request));
        }
        // Before the overdue tasks: a start without the run must not reach its task first.
        starts.await();
        found += runs.size();
      } while (runs.size() == pageSize);
      List<Task> overdue = List.of();
      do {
        Task after = overdue.isEmpty() ? null : overdue.get(overdue.size() - 1);
        overdue =
            jdbi.withHandle(h -> new TaskDao(h).overdue(lateBefore, stuckBefore, after, pageSize));
        for (Task task : overdue) {
          starts.ensureRunning(task.monitored(), null);
        }
        starts.await();
        found += overdue.size();
      } while (overdue.size() == pageSize);
      return report("repaired monitors that looked lost", found, starts, began);
    }
  }

  private static Pass report(String what, int tasks, MonitorStarts starts, long began) {
    Pass pass = new Pass(tasks, starts.made(), Duration.ofNanos(System.nanoTime() - began));
    if (pass.temporalCalls() > 0) {
      log.info(
          "Reconciler {}: {} tasks, {} Temporal calls, {} ms",
          what,
          pass.tasks(),
          pass.temporalCalls(),
          pass.took().toMillis());
    }
    return pass;
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
