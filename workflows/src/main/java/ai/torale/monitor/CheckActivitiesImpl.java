package ai.torale.monitor;

import ai.torale.schedule.SchedulingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Check bookkeeping on the service's storage, with the next run chosen by the scheduling policy. */
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
    return new Begun(store.beginExecution(input.taskId(), input.executionId(), input.trigger(), clock.instant())
        .orElse(null));
  }

  @Override
  public Recorded recordOutcome(Outcome outcome) {
    store.finishExecution(outcome, clock.instant());
    if (!outcome.reschedule() || outcome.status() == ExecutionStatus.CANCELLED) {
      return new Recorded(null, false);
    }
    Optional<Instant> next = outcome.status() == ExecutionStatus.SUCCESS
        ? policy.afterSuccess(outcome.result().nextRun(), outcome.goalReached())
        : Optional.of(policy.afterFailure(outcome.consecutiveFailures()));
    String topic = outcome.result() == null ? null : outcome.result().topic();
    boolean stillActive = store.scheduleNext(outcome.taskId(), outcome.executionId(), next.orElse(null), topic);
    if (!stillActive) {
      return new Recorded(null, false);
    }
    return new Recorded(next.orElse(null), next.isEmpty());
  }
}
