package ai.torale.db;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every table's {@link Purge} on a timer, in small batches on its own thread so it never holds
 * locks the API waits for. Which rows go is the owning package's rule, not this class's.
 */
public final class Housekeeping implements Managed {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
  public static final int BATCH = 500;

  private final Jdbi jdbi;
  private final Duration interval;
  private final Clock clock;
  private final List<Purge> purges;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("torale-housekeeping").daemon().factory());

  public Housekeeping(Jdbi jdbi, Duration interval, Clock clock, List<Purge> purges) {
    this.jdbi = jdbi;
    this.interval = interval;
    this.clock = clock;
    this.purges = List.copyOf(purges);
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
        log.info("Housekeeping purged {} rows past retention", purged);
      }
    } catch (RuntimeException e) {
      log.warn("Housekeeping failed, will try again: {}", e.getMessage());
    }
  }

  /** Runs every purge, batch by batch; returns the number of rows removed. */
  public long purge() {
    Instant now = clock.instant();
    long total = 0;
    for (Purge purge : purges) {
      int removed;
      do {
        removed = jdbi.withHandle(h -> purge.purge(h, now, BATCH));
        total += removed;
      } while (removed == BATCH);
    }
    return total;
  }
}
