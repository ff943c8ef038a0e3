package ai.torale.deliveries;

import ai.torale.tasks.TaskDao;
import ai.torale.temporal.MonitorClient;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair of deliveries owed: a delivery whose next attempt is long past, and that no attempt
 * holds, was left by a monitor that no longer has it (a workflow terminated or lost on a cluster).
 * Its task's monitor is told to resume what it owes (signal-with-start, so a lost monitor comes
 * back). A restart of the embedded server needs none of this: every monitor it rebuilds resumes its
 * deliveries itself. Each pass costs a query on the owed deliveries' index, and a Temporal call
 * only per task that owes an overdue one.
 */
public final class OwedDeliveries implements Managed {
  private static final Logger log = LoggerFactory.getLogger(OwedDeliveries.class);

  /** Past its next attempt by this much, a delivery is lost: retries are never this late. */
  static final Duration GRACE = Duration.ofMinutes(15);

  private static final int PAGE = 500;

  private final Jdbi jdbi;
  private final PostgresDeliveryStore store;
  private final MonitorClient monitors;
  private final Duration interval;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "torale-owed-deliveries");
        t.setDaemon(true);
        return t;
      });

  public OwedDeliveries(
      Jdbi jdbi,
      PostgresDeliveryStore store,
      MonitorClient monitors,
      Duration interval,
      Clock clock) {
    this.jdbi = jdbi;
    this.store = store;
    this.monitors = monitors;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public void start() {
    timer.scheduleWithFixedDelay(
        this::repairSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void repairSafely() {
    try {
      int resumed = repair();
      if (resumed > 0) {
        log.info("Told {} monitors to resume deliveries they had lost", resumed);
      }
    } catch (RuntimeException e) {
      log.warn(
          "Repairing owed deliveries failed, will try again in {}: {}", interval, e.getMessage());
    }
  }

  /** One pass; returns how many monitors were told to resume. */
  public int repair() {
    int resumed = 0;
    UUID after = null;
    List<UUID> page;
    do {
      page = store.tasksOwingOverdue(clock.instant(), GRACE, after, PAGE);
      for (UUID taskId : page) {
        jdbi.withHandle(h -> new TaskDao(h).find(taskId))
            .ifPresent(task -> monitors.resumeDeliveries(task.monitored()));
        resumed++;
      }
      after = page.isEmpty() ? null : page.get(page.size() - 1);
    } while (page.size() == PAGE);
    return resumed;
  }
}
