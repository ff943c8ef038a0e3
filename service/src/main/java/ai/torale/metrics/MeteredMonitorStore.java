package ai.torale.metrics;

import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.MonitorStore;
import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts checks by outcome ({@code torale.checks.<status>}), times how late scheduled ones start,
 * and logs one line per finished check.
 */
public final class MeteredMonitorStore implements MonitorStore {
  private static final Logger log = LoggerFactory.getLogger("ai.torale.checks");

  private final MonitorStore store;
  // Looked up once: a name built and found in the registry for every check is a check's cost.
  private final Map<CheckTrigger, Counter> started = new EnumMap<>(CheckTrigger.class);
  private final Map<ExecutionStatus, Counter> finished = new EnumMap<>(ExecutionStatus.class);
  private final Timer lag;

  public MeteredMonitorStore(MonitorStore store, MetricRegistry registry) {
    this.store = store;
    for (CheckTrigger trigger : CheckTrigger.values()) {
      started.put(
          trigger,
          registry.counter(MetricRegistry.name("torale", "checks", "started", trigger.wire())));
    }
    for (ExecutionStatus status : ExecutionStatus.values()) {
      if (status.finished()) {
        finished.put(status, registry.counter(finishedCounter(status)));
      }
    }
    lag = LockFreeMetrics.timer(registry, MetricRegistry.name("torale", "checks", "lag"));
  }

  @Override
  public CheckActivities.Begun beginExecution(CheckActivities.Begin check, Instant startedAt) {
    started.get(check.trigger()).inc();
    if (check.trigger() == CheckTrigger.SCHEDULED && check.plannedAt() != null) {
      // Scheduling lag: how late a check starts against its planned next_run.
      lag.update(
          Math.max(0, Duration.between(check.plannedAt(), startedAt).toMillis()),
          TimeUnit.MILLISECONDS);
    }
    return store.beginExecution(check, startedAt);
  }

  /** The counter of checks recorded with {@code status}. */
  public static String finishedCounter(ExecutionStatus status) {
    return MetricRegistry.name("torale", "checks", status.wire());
  }

  @Override
  public CheckActivities.Recorded record(
      CheckActivities.Outcome outcome, Instant completedAt, Reschedule reschedule) {
    CheckActivities.Recorded recorded = store.record(outcome, completedAt, reschedule);
    finished.get(outcome.status()).inc();
    // One line per check, with the ids an operator searches by (the workflow id is task-<task id>).
    log.info(
        "check execution_id={} task_id={} workflow_id=task-{} status={}{}",
        outcome.executionId(),
        outcome.taskId(),
        outcome.taskId(),
        outcome.status().wire(),
        outcome.errorMessage() == null ? "" : " error=\"" + outcome.errorMessage() + "\"");
    return recorded;
  }

  @Override
  public boolean stillRunning(UUID executionId) {
    return store.stillRunning(executionId);
  }
}
