package ai.torale.metrics;

import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.MonitorStore;
import com.codahale.metrics.MetricRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Counts checks by outcome as they are recorded: {@code torale.checks.<status>}. */
public final class MeteredMonitorStore implements MonitorStore {
  private final MonitorStore store;
  private final MetricRegistry registry;

  public MeteredMonitorStore(MonitorStore store, MetricRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  @Override
  public Optional<CheckActivities.TaskSnapshot> beginExecution(UUID taskId, UUID executionId, CheckTrigger trigger,
      Instant startedAt) {
    registry.counter(MetricRegistry.name("torale", "checks", "started", trigger.wire())).inc();
    return store.beginExecution(taskId, executionId, trigger, startedAt);
  }

  @Override
  public void finishExecution(CheckActivities.Outcome outcome, Instant completedAt) {
    store.finishExecution(outcome, completedAt);
    registry.counter(MetricRegistry.name("torale", "checks", outcome.status().wire())).inc();
  }

  @Override
  public boolean scheduleNext(UUID taskId, UUID executionId, Instant nextRun, String topic) {
    return store.scheduleNext(taskId, executionId, nextRun, topic);
  }
}
