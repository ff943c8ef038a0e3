package ai.torale.monitor;

import ai.torale.schedule.SchedulingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

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
    store.finishExecution(outcome, clock.instant());
    if (!outcome.reschedule() || outcome.status() == ExecutionStatus.CANCELLED) {
      return new Recorded(null, false);
    }
    Optional<Instant> next;
    if (outcome.status() == ExecutionStatus.SUCCESS) {
      next = policy.afterSuccess(outcome.result().nextRun(), outcome.goalReached());
    } else if (outcome.postponed()) {
      // The daily budget is spent: try again when it refills, not with failure backoff.
      next = Optional.of(policy.nextUtcDay());
    } else {
      next = Optional.of(policy.afterFailure(outcome.consecutiveFailures()));
    }
    boolean stillActive =
        store.scheduleNext(outcome.taskId(), outcome.executionId(), next.orElse(null));
    if (!stillActive) {
      return new Recorded(null, false);
    }
    return new Recorded(next.orElse(null), next.isEmpty());
  }
}
