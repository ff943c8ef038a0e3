package ai.torale.monitor;

import ai.torale.schedule.SchedulingPolicy;
import java.time.Clock;

/**
 * Check bookkeeping on the service's storage, with the next run chosen by the scheduling policy.
 */
public class CheckActivitiesImpl implements CheckActivities {
  private final MonitorStore store;
  private final SchedulingPolicy policy;
  private final Clock clock;

  public CheckActivitiesImpl(MonitorStore store, SchedulingPolicy policy, Clock clock) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public Begun beginCheck(Begin input) {
    return store.beginExecution(input, clock.instant());
  }

  @Override
  public Recorded recordOutcome(Outcome outcome) {
    return store.record(outcome, clock.instant(), reschedule(outcome));
  }

  /** The next run the scheduling policy decides for this outcome; null when it changes none. */
  private MonitorStore.Reschedule reschedule(Outcome outcome) {
    if (!outcome.reschedule() || outcome.status() == ExecutionStatus.CANCELLED) {
      return null;
    }
    if (outcome.status() == ExecutionStatus.SUCCESS) {
      return new MonitorStore.Reschedule(
          policy.afterSuccess(outcome.result().nextRun(), outcome.goalReached()).orElse(null));
    }
    if (outcome.postponed()) {
      // The daily budget is spent: try again when it refills, not with failure backoff.
      return new MonitorStore.Reschedule(policy.nextUtcDay());
    }
    return new MonitorStore.Reschedule(policy.afterFailure(outcome.consecutiveFailures()));
  }
}
