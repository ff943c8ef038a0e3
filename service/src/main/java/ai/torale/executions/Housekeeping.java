package ai.torale.executions;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges executions (and delivery rows, where that table exists) older than the retention period,
 * in small batches on its own thread so it never holds locks the API waits for. A task's latest
 * execution is kept. Task views of past hours go at once.
 */
public final class Housekeeping implements Managed {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  static final int BATCH = 500;

  private final Jdbi jdbi;
  private final Duration retention;
  private final Duration interval;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "torale-housekeeping");
            t.setDaemon(true);
            return t;
          });

  public Housekeeping(Jdbi jdbi, Duration retention, Duration interval, Clock clock) {
    this.jdbi = jdbi;
    this.retention = retention;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public void start() {
    timer.scheduleWithFixedDelay(
        this::purgeSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void purgeSafely() {
    try {
      long purged = purge();
      if (purged > 0) {
        log.info("Housekeeping purged {} rows older than {} days", purged, retention.toDays());
      }
    } catch (RuntimeException e) {
      log.warn("Housekeeping failed, will try again: {}", e.getMessage());
    }
  }

  /** Purges everything past retention, batch by batch; returns the number of rows removed. */
  public long purge() {
    Instant cutoff = clock.instant().minus(retention);
    long total = 0;
    for (String table : tablesWithHistory()) {
      int removed;
      do {
        removed =
            jdbi.withHandle(
                h ->
                    h.createUpdate(purgeSql(table))
                        .bind("cutoff", cutoff)
                        .bind("batch", BATCH)
                        .execute());
        total += removed;
      } while (removed == BATCH);
    }
    return total + purgeViews();
  }

  /**
   * Who viewed a task in a past hour no longer matters: view_count counts each viewer once in the
   * current one.
   */
  private int purgeViews() {
    Instant currentHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM task_views WHERE hour < :hour")
                .bind("hour", currentHour)
                .execute());
  }

  private List<String> tablesWithHistory() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = current_schema() "
                        + "AND table_name IN ('deliveries', 'delivery_attempts', 'executions') "
                        + "ORDER BY table_name")
                .mapTo(String.class)
                .list());
  }

  private static String purgeSql(String table) {
    if (table.equals("executions")) {
      return "DELETE FROM executions WHERE id IN (SELECT e.id FROM executions e "
          + "WHERE e.created_at < :cutoff AND e.status NOT IN ('pending', 'running') "
          + "AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.last_execution_id = e.id) "
          + "AND e.id <> (SELECT l.id FROM executions l WHERE l.task_id = e.task_id "
          + "ORDER BY l.created_at DESC, l.id DESC LIMIT 1) "
          + "LIMIT :batch)";
    }
    return "DELETE FROM "
        + table
        + " WHERE ctid IN (SELECT ctid FROM "
        + table
        + " WHERE created_at < :cutoff LIMIT :batch)";
  }
}
