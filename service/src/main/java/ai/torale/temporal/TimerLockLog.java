package ai.torale.temporal;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.util.LinkedList;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's timer keeps a log of every time-skipping lock and unlock "for debugging" (a
 * LinkedList in the test server's SelfAdvancingTimerImpl). Unlock entries are never removed, and
 * each lock handle's release scans the list from its head: about 15 entries per check (measured by
 * the bench), so a server that runs for weeks holds millions and every timer it fires walks them
 * under its global lock. The embedded server keeps real time and nobody reads those diagnostics, so
 * the log is swapped for one that keeps nothing. Should a Temporal release change the internals,
 * the swap is skipped with a warning and the server runs as it ships.
 */
final class TimerLockLog {
  private static final Logger log = LoggerFactory.getLogger(TimerLockLog.class);

  private TimerLockLog() {}

  /**
   * Replaces the timer's lock log with {@link Discarding}; false (and a warning) when the internals
   * differ.
   */
  static boolean discard(TestServicesStarter services) {
    try {
      Object timer = timer(services);
      Field events = Internals.field(timer.getClass(), "lockEvents");
      Lock lock = (Lock) Internals.get(timer, "lock");
      if (!events.getType().isAssignableFrom(Discarding.class)) {
        throw new NoSuchFieldException("lockEvents is a " + events.getType().getName());
      }
      // Under the timer's own lock: every later reader of the field takes that lock first.
      lock.lock();
      try {
        events.set(timer, new Discarding());
      } finally {
        lock.unlock();
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "The embedded Temporal server's timer lock log is kept as it ships ({}); it grows while the server "
              + "runs, so restart the service now and then or use a Temporal cluster",
          e.toString());
      return false;
    }
  }

  static int size(TestServicesStarter services) throws ReflectiveOperationException {
    Object timer = timer(services);
    return ((LinkedList<?>) Internals.get(timer, "lockEvents")).size();
  }

  private static Object timer(TestServicesStarter services) throws ReflectiveOperationException {
    return Internals.get(services, "selfAdvancingTimer");
  }

  /**
   * A log that keeps nothing: adding succeeds, and removing reports the entry found, as the timer's
   * balance check expects of entries it added (its lock count still guards the balance).
   */
  static final class Discarding extends LinkedList<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean add(Object event) {
      return true;
    }

    @Override
    public boolean remove(Object event) {
      return true;
    }
  }
}
