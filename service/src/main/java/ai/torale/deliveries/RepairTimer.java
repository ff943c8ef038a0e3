package ai.torale.deliveries;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;

/**
 * The clockwork of a repair of lost obligations: a pass on a daemon thread of its own, every
 * interval; a pass that fails is logged and tried at the next.
 */
final class RepairTimer {
  static final int PAGE = 500;

  private final ScheduledExecutorService timer;
  private final Logger log;
  private final String what;

  RepairTimer(String thread, Logger log, String what) {
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name(thread).daemon().factory());
    this.log = log;
    this.what = what;
  }

  /**
   * Runs {@code pass} now, in the timer's thread; {@code done} gets what it repaired. A failure is
   * tried again by the passes of {@link #every}, {@code interval} later.
   */
  void once(Duration interval, IntSupplier pass, IntConsumer done) {
    timer.execute(() -> run(pass, done, interval));
  }

  void every(Duration interval, IntSupplier pass, IntConsumer done) {
    timer.scheduleWithFixedDelay(
        () -> run(pass, done, interval),
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void run(IntSupplier pass, IntConsumer done, Duration interval) {
    try {
      int repaired = pass.getAsInt();
      if (repaired > 0) {
        done.accept(repaired);
      }
    } catch (RuntimeException e) {
      log.warn("{} failed, will try again in {}: {}", what, interval, e.getMessage());
    }
  }

  void stop() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(5, TimeUnit.SECONDS);
  }

  /**
   * Calls {@code each} for every id {@code page} lists, a page of {@link #PAGE} at a time after the
   * last id of the page before (null: from the start); returns how many there were.
   */
  static int eachPaged(BiFunction<UUID, Integer, List<UUID>> page, Consumer<UUID> each) {
    int count = 0;
    UUID after = null;
    List<UUID> ids;
    do {
      ids = page.apply(after, PAGE);
      ids.forEach(each);
      count += ids.size();
      after = ids.isEmpty() ? null : ids.get(ids.size() - 1);
    } while (ids.size() == PAGE);
    return count;
  }
}
