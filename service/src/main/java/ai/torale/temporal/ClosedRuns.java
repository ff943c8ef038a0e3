package ai.torale.temporal;

import com.google.protobuf.Timestamp;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.internal.testservice.ExecutionId;
import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded test server keeps every workflow run it has held until it stops: a closed run's
 * state and history stay in its maps, its search attributes in its visibility store, and the
 * timeouts it scheduled in its timer queue ({@link ServerTimers}). A monitor continues as new every
 * 10 checks, so closed runs made the heap grow with the checks done. This removes the runs that
 * closed before a given instant from all of those, taking the locks the server itself takes.
 *
 * <p>What it never removes: an open run, whatever its workflow id; a run with a task still queued
 * for a worker (the worker would be told NOT_FOUND by its poll, rather than handed nothing). A
 * removed run answers NOT_FOUND, as a closed one already does to whatever would change it (an
 * activity completing late, a signal to that run); a start of the same workflow id starts a fresh
 * run, as after any closed run. What a cluster would still show of a closed run (its history, a
 * query) is gone; the service reads none of it, and a task's own record is in PostgreSQL.
 *
 * <p>Everything is reached by reflection into the test server of the Temporal SDK in use (1.38):
 * should a release move its internals, {@link #of} says so once and the server runs as it ships.
 */
final class ClosedRuns {
  private static final Logger log = LoggerFactory.getLogger(ClosedRuns.class);

  /** What the server still holds of closed runs: runs, and timer tasks holding one. */
  record Held(int runs, int timers) {}

  private final Lock serviceLock;
  private final Map<?, ?> executions;
  private final Map<?, ?> executionsByWorkflowId;
  private final Map<?, ?> executionsByChain;
  private final Class<?> runType;
  private final Field runLock;
  private final Method runClosed;
  private final Lock storeLock;
  private final Map<?, ?> histories;
  private final Field historyCompleted;
  private final Field historyEvents;
  private final List<Map<?, ?>> taskQueues;
  private final Field backlog;
  private final Field backlogValue;
  private final Map<?, ?> searchAttributes;
  private final ServerTimers timers;

  private ClosedRuns(TestServicesStarter services) throws ReflectiveOperationException {
    Object service = Internals.get(services, "workflowService");
    serviceLock = (Lock) Internals.get(service, "lock");
    executions = (Map<?, ?>) Internals.get(service, "executions");
    executionsByWorkflowId = (Map<?, ?>) Internals.get(service, "executionsByWorkflowId");
    executionsByChain = (Map<?, ?>) Internals.get(service, "executionsByFirstExecutionRunId");
    runType = Internals.type("io.temporal.internal.testservice.TestWorkflowMutableStateImpl");
    runLock = Internals.field(runType, "lock");
    runClosed = runType.getDeclaredMethod("isTerminalState");
    runClosed.setAccessible(true);
    Object store = Internals.get(services, "workflowStore");
    storeLock = (Lock) Internals.get(store, "lock");
    histories = (Map<?, ?>) Internals.get(store, "histories");
    Class<?> historyType = Internals.type(store.getClass().getName() + "$HistoryStore");
    historyCompleted = Internals.field(historyType, "completed");
    historyEvents = Internals.field(historyType, "history");
    taskQueues =
        List.of(
            (Map<?, ?>) Internals.get(store, "workflowTaskQueues"),
            (Map<?, ?>) Internals.get(store, "activityTaskQueues"));
    Class<?> queueType = Internals.type("io.temporal.internal.testservice.TaskQueue");
    backlog = Internals.field(queueType, "backlog");
    backlogValue =
        Internals.field(
            Internals.type("io.temporal.internal.testservice.TaskQueue$TaskQueueElement"), "value");
    searchAttributes =
        (Map<?, ?>)
            Internals.get(Internals.get(services, "visibilityStore"), "executionSearchAttributes");
    timers = new ServerTimers(services);
    if (historyCompleted.getType() != boolean.class) {
      throw new NoSuchFieldException("HistoryStore.completed is a " + historyCompleted.getType());
    }
  }

  /**
   * The remover of this server's closed runs; empty, with a warning, when its internals are not the
   * ones this was written for.
   */
  static Optional<ClosedRuns> of(TestServicesStarter services) {
    try {
      return Optional.of(new ClosedRuns(services));
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "The embedded Temporal server keeps every closed workflow run ({}); its memory grows with the checks"
              + " done, so restart the service now and then or use a Temporal cluster",
          e.toString());
      return Optional.empty();
    }
  }

  /** Removes every closed run whose history ends before {@code closedBefore}; returns how many. */
  int purge(Instant closedBefore) throws ReflectiveOperationException {
    Map<ExecutionId, Object> closed = closedSince(closedBefore);
    Set<String> queued = queuedFor();
    closed.keySet().removeIf(id -> queued.contains(id.getExecution().getRunId()));
    Set<Object> removed = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Lock> locked = new ArrayList<>();
    serviceLock.lock();
    try {
      for (Map.Entry<ExecutionId, Object> run : closed.entrySet()) {
        Lock lock = (Lock) runLock.get(run.getValue());
        // Never wait for a run's lock under the service's: the server takes the two in both orders.
        if (!lock.tryLock()) {
          continue;
        }
        locked.add(lock);
        // Under its lock a closed run is final: every request that would change it is refused.
        if (executions.get(run.getKey()) == run.getValue() && isClosed(run.getValue())) {
          executions.remove(run.getKey());
          removed.add(run.getValue());
        }
      }
      // A workflow id's current run, or a chain's last, when that is a run removed here.
      executionsByWorkflowId.values().removeIf(removed::contains);
      executionsByChain.values().removeIf(removed::contains);
    } finally {
      locked.forEach(Lock::unlock);
      serviceLock.unlock();
    }
    closed.values().removeIf(run -> !removed.contains(run));
    storeLock.lock();
    try {
      histories.keySet().removeAll(closed.keySet());
    } finally {
      storeLock.unlock();
    }
    searchAttributes.keySet().removeAll(closed.keySet());
    timers.dropDead(removed);
    return removed.size();
  }

  /**
   * Closed runs in the server's maps and stores (a history or search attributes left of one count
   * too), and timer tasks that hold one's state.
   */
  Held held() throws ReflectiveOperationException {
    Set<Object> open = new HashSet<>();
    Set<Object> closed = new HashSet<>();
    serviceLock.lock();
    try {
      for (Map.Entry<?, ?> run : executions.entrySet()) {
        (isClosed(run.getValue()) ? closed : open).add(run.getKey());
      }
    } finally {
      serviceLock.unlock();
    }
    Set<Object> left = new HashSet<>(closed);
    storeLock.lock();
    try {
      for (Map.Entry<?, ?> history : histories.entrySet()) {
        if (historyCompleted.getBoolean(history.getValue())) {
          left.add(history.getKey());
        }
      }
    } finally {
      storeLock.unlock();
    }
    for (Object id : searchAttributes.keySet()) {
      if (!open.contains(id)) {
        left.add(id);
      }
    }
    return new Held(
        left.size(), timers.holding(value -> runType.isInstance(value) && isClosed(value)));
  }

  /**
   * Closed runs (execution id to state) whose history ends before the instant. Its last event, not
   * its close event: the server can mark a run closed without ever recording the close (a workflow
   * task that continues as new while a query waits), and such a run is as final.
   */
  private Map<ExecutionId, Object> closedSince(Instant instant)
      throws ReflectiveOperationException {
    Map<ExecutionId, Object> closed = new HashMap<>();
    serviceLock.lock();
    try {
      for (Map.Entry<?, ?> run : executions.entrySet()) {
        if (isClosed(run.getValue())) {
          closed.put((ExecutionId) run.getKey(), run.getValue());
        }
      }
    } finally {
      serviceLock.unlock();
    }
    storeLock.lock();
    try {
      closed.keySet().removeIf(id -> !endsBefore(histories.get(id), instant));
    } finally {
      storeLock.unlock();
    }
    return closed;
  }

  private boolean endsBefore(Object history, Instant instant) {
    try {
      List<?> events = history == null ? List.of() : (List<?>) historyEvents.get(history);
      if (events.isEmpty()) {
        return false;
      }
      Timestamp last = ((HistoryEvent) events.get(events.size() - 1)).getEventTime();
      return last.getSeconds() < instant.getEpochSecond()
          || last.getSeconds() == instant.getEpochSecond() && last.getNanos() < instant.getNano();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Run ids with a workflow or activity task waiting in a queue for a worker. */
  private Set<String> queuedFor() throws ReflectiveOperationException {
    List<Object> queues = new ArrayList<>();
    storeLock.lock();
    try {
      taskQueues.forEach(byName -> queues.addAll(byName.values()));
    } finally {
      storeLock.unlock();
    }
    Set<String> queued = new HashSet<>();
    for (Object queue : queues) {
      // The queue's own monitor, as its add and poll take it.
      synchronized (queue) {
        for (Object element : (Collection<?>) backlog.get(queue)) {
          Object task = backlogValue.get(element);
          if (task instanceof PollWorkflowTaskQueueResponse.Builder workflowTask) {
            queued.add(workflowTask.getWorkflowExecution().getRunId());
          } else if (task instanceof PollActivityTaskQueueResponse.Builder activityTask) {
            queued.add(activityTask.getWorkflowExecution().getRunId());
          }
        }
      }
    }
    return queued;
  }

  private boolean isClosed(Object run) {
    try {
      return (Boolean) runClosed.invoke(run);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
