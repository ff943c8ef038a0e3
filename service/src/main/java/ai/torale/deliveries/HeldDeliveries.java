package ai.torale.deliveries;

import ai.torale.digest.DigestWakeups;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair of held deliveries and digests, like {@link OwedDeliveries} for monitors: a user whose
 * held delivery is past its time, or whose digest is past its next attempt, has lost the digest
 * workflow that would have sent it; it is woken (signal-with-start). With the embedded server,
 * which forgets every workflow when it stops, the first pass wakes every user with anything held or
 * owed, so a digest due tomorrow is not late for the restart.
 */
public final class HeldDeliveries implements Managed {
  private static final Logger log = LoggerFactory.getLogger(HeldDeliveries.class);

  /** Past its time by this much, a held delivery or digest is lost: a live workflow is on time. */
  static final Duration GRACE = Duration.ofMinutes(5);

  private final PostgresDigestStore store;
  private final DigestWakeups digests;
  private final Duration interval;
  private final boolean wakeAllFirst;
  private final Clock clock;
  private final RepairTimer timer =
      new RepairTimer("torale-held-deliveries", log, "Repairing held deliveries");

  /** {@code wakeAllFirst}: the embedded server, whose workflows a restart forgot. */
  public HeldDeliveries(
      PostgresDigestStore store,
      DigestWakeups digests,
      Duration interval,
      boolean wakeAllFirst,
      Clock clock) {
    this.store = store;
    this.digests = digests;
    this.interval = interval;
    this.wakeAllFirst = wakeAllFirst;
    this.clock = clock;
  }

  @Override
  public void start() {
    if (wakeAllFirst) {
      timer.once(interval, () -> repair(null), HeldDeliveries::woke);
    }
    timer.every(interval, () -> repair(GRACE), HeldDeliveries::woke);
  }

  private static void woke(int users) {
    log.info("Woke the digest workflows of {} users with deliveries held or owed", users);
  }

  @Override
  public void stop() throws InterruptedException {
    timer.stop();
  }

  /**
   * One pass; {@code grace} null wakes every user with anything held or owed. Returns how many were
   * woken.
   */
  public int repair(Duration grace) {
    return RepairTimer.eachPaged(
        (after, limit) -> store.usersOwing(clock.instant(), grace, after, limit), digests::wake);
  }
}
