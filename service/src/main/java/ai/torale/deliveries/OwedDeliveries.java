package ai.torale.deliveries;

import ai.torale.tasks.TaskDao;
import ai.torale.temporal.MonitorClient;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
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

  private final Jdbi jdbi;
  private final PostgresDeliveryStore store;
  private final MonitorClient monitors;
  private final Duration interval;
  private final Clock clock;
  private final RepairTimer timer =
      new RepairTimer("torale-owed-deliveries", log, "Repairing owed deliveries");

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
    timer.every(
        interval,
        this::repair,
        resumed -> log.info("Told {} monitors to resume deliveries they had lost", resumed));
  }

  @Override
  public void stop() throws InterruptedException {
    timer.stop();
  }

  /** One pass; returns how many monitors were told to resume. */
  public int repair() {
    return RepairTimer.eachPaged(
        (after, limit) -> store.tasksOwingOverdue(clock.instant(), GRACE, after, limit),
        taskId ->
            jdbi.withHandle(h -> new TaskDao(h).find(taskId))
                .ifPresent(task -> monitors.resumeDeliveries(task.monitored())));
  }
}
