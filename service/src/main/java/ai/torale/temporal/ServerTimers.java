package ai.torale.temporal;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;

/**
 * The embedded test server's timer queue. The server never removes a timer: a cancelled one stays
 * queued until its time comes, and so does every timeout it scheduled for a run (an activity's
 * schedule-to-close, a day for a check's bookkeeping), each holding the run's whole state. This
 * drops the tasks that can no longer do anything, under the timer's own lock.
 */
final class ServerTimers {
  private final Lock lock;
  private final Collection<?> tasks;
  private final Field callback;
  private final Field cancelled;
  private final ClassValue<List<Field>> captured =
      new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
          return readableReferences(type);
        }
      };

  ServerTimers(TestServicesStarter services) throws ReflectiveOperationException {
    Object timer = Internals.get(services, "selfAdvancingTimer");
    lock = (Lock) Internals.get(timer, "lock");
    tasks = (Collection<?>) Internals.get(timer, "tasks");
    Class<?> taskType = Internals.type(timer.getClass().getName() + "$TimerTask");
    callback = Internals.field(taskType, "runnable");
    cancelled = Internals.field(taskType, "canceled");
    if (cancelled.getType() != boolean.class) {
      throw new NoSuchFieldException("TimerTask.canceled is a " + cancelled.getType());
    }
  }

  /**
   * Drops the cancelled tasks (the timer would skip them when their time comes) and those whose
   * callback holds one of {@code runs} (each would find its run closed and do nothing).
   */
  void dropDead(Set<Object> runs) throws ReflectiveOperationException {
    lock.lock();
    try {
      Set<Object> dead = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Object task : tasks) {
        if (cancelled.getBoolean(task) || holds(callback.get(task), runs::contains)) {
          dead.add(task);
        }
      }
      // removeIf restores the priority queue's order once, not once per task removed.
      tasks.removeIf(dead::contains);
    } finally {
      lock.unlock();
    }
  }

  /** Tasks whose callback holds something {@code matching}. */
  int holding(Predicate<Object> matching) throws ReflectiveOperationException {
    lock.lock();
    try {
      int count = 0;
      for (Object task : tasks) {
        if (holds(callback.get(task), matching)) {
          count++;
        }
      }
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** The server's callbacks are lambdas that capture the run's state: look at what they hold. */
  private boolean holds(Object callback, Predicate<Object> matching) throws IllegalAccessException {
    if (callback == null) {
      return false;
    }
    for (Field f : captured.get(callback.getClass())) {
      Object value = f.get(callback);
      if (value != null && matching.test(value)) {
        return true;
      }
    }
    return false;
  }

  /** The reference fields of a callback's class that can be read; none if none can. */
  private static List<Field> readableReferences(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (f.getType().isPrimitive() || Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      try {
        f.setAccessible(true);
        fields.add(f);
      } catch (RuntimeException e) {
        // Unreadable: its task stays until its time, as the server would keep it.
      }
    }
    return fields;
  }
}
