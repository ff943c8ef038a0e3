package ai.torale.temporal;

import io.temporal.api.common.v1.Priority;
import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server hands out queued workflow and activity tasks oldest first, as a cluster's
 * matching service does. The test server keeps each task queue's backlog in a {@link PriorityQueue}
 * ordered by priority key alone, and a binary heap of equal keys returns the newest entry after the
 * first: when the worker falls behind, the tasks queued last run first. In a burst of due checks
 * the newer tasks are the checks already under way (a search answered, an evaluation to record), so
 * checks that had not begun waited behind them: a tenth of a burst of 2,000 began only 9 s after
 * the due instant, and their searches went out as late (measured by the bench's latency scenario).
 * Each task queue's backlog is swapped, as the server creates it, for one that keeps the order of
 * arrival within a priority key. Should a Temporal release change the internals, the swap is
 * skipped with a warning and the server runs as it ships.
 */
final class TaskQueueOrder {
  private static final Logger log = LoggerFactory.getLogger(TaskQueueOrder.class);
  private static final String TASK_QUEUE = "io.temporal.internal.testservice.TaskQueue";

  private TaskQueueOrder() {}

  /** Makes the server's task queues first in, first out; false (and a warning) when it cannot. */
  static boolean oldestFirst(TestServicesStarter services) {
    try {
      Object store = Internals.get(services, "workflowStore");
      Lock lock = (Lock) Internals.get(store, "lock");
      Field backlog = Internals.field(Internals.type(TASK_QUEUE), "backlog");
      Field priority =
          Internals.field(Internals.type(TASK_QUEUE + "$TaskQueueElement"), "priority");
      if (!backlog.getType().isAssignableFrom(Arrival.class)) {
        throw new NoSuchFieldException("TaskQueue's backlog is a " + backlog.getType().getName());
      }
      if (priority.getType() != Priority.class) {
        throw new NoSuchFieldException("a queued task's priority is a " + priority.getType());
      }
      // Under the store's own lock: it creates and reads the queues only while holding it.
      lock.lock();
      try {
        for (String queues : new String[] {"workflowTaskQueues", "activityTaskQueues"}) {
          Field field = Internals.field(store.getClass(), queues);
          Queues replaced = new Queues(backlog, priority);
          replaced.putAll((Map<?, ?>) field.get(store));
          field.set(store, replaced);
        }
      } finally {
        lock.unlock();
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "The embedded Temporal server's task queues keep their shipped order ({}); under load they"
              + " run the newest task first, so a burst of due checks begins late",
          e.toString());
      return false;
    }
  }

  /** The store's map of task queues: each queue put in gets a first-in, first-out backlog. */
  static final class Queues extends HashMap<Object, Object> {
    private static final long serialVersionUID = 1L;
    private final transient Field backlog;
    private final transient Field priority;

    Queues(Field backlog, Field priority) {
      this.backlog = backlog;
      this.priority = priority;
    }

    @Override
    public Object put(Object id, Object queue) {
      try {
        @SuppressWarnings("unchecked")
        PriorityQueue<Object> shipped = (PriorityQueue<Object>) backlog.get(queue);
        if (!(shipped instanceof Arrival)) {
          Arrival ordered = new Arrival(priority);
          // The server creates a queue empty; keep whatever it holds all the same.
          ordered.addAll(shipped);
          backlog.set(queue, ordered);
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("The task queue's backlog was readable a moment ago", e);
      }
      return super.put(id, queue);
    }

    @Override
    public void putAll(Map<?, ?> queues) {
      queues.forEach(this::put);
    }
  }

  /**
   * A backlog in order of priority key (lower first, as the server reads it), then of arrival. The
   * server calls it only under its queue's monitor, and only to add, poll and ask if it is empty.
   * Those, and the other methods overridden here, read its own entries; the rest of {@link
   * PriorityQueue}'s (toArray, contains, forEach, spliterator, the bulk removals) read the
   * superclass's array, which stays empty, so a server that called them would need them here too.
   */
  static final class Arrival extends PriorityQueue<Object> {
    private static final long serialVersionUID = 1L;
    private final transient Field priority;
    private final PriorityQueue<Queued> queued =
        new PriorityQueue<>(Comparator.comparingInt(Queued::key).thenComparingLong(Queued::seq));
    private long arrivals;

    private record Queued(int key, long seq, Object element) {}

    Arrival(Field priority) {
      this.priority = priority;
    }

    @Override
    public boolean add(Object element) {
      return offer(element);
    }

    @Override
    public boolean offer(Object element) {
      queued.add(new Queued(keyOf(element), arrivals++, element));
      return true;
    }

    @Override
    public Object poll() {
      Queued head = queued.poll();
      return head == null ? null : head.element();
    }

    @Override
    public Object peek() {
      Queued head = queued.peek();
      return head == null ? null : head.element();
    }

    @Override
    public int size() {
      return queued.size();
    }

    @Override
    public boolean isEmpty() {
      return queued.isEmpty();
    }

    @Override
    public void clear() {
      queued.clear();
    }

    @Override
    public boolean remove(Object element) {
      return queued.removeIf(q -> q.element() == element);
    }

    @Override
    public Iterator<Object> iterator() {
      Iterator<Queued> each = queued.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return each.hasNext();
        }

        @Override
        public Object next() {
          return each.next().element();
        }

        @Override
        public void remove() {
          each.remove();
        }
      };
    }

    private int keyOf(Object element) {
      try {
        return ((Priority) priority.get(element)).getPriorityKey();
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("The element's priority was readable a moment ago", e);
      }
    }
  }
}
