package ai.torale.monitor;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.SearchRequest;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.UUID;

/**
 * Search activities that stop retrying once their check is over. A check replaced by a forced run
 * is abandoned by the monitor, not cancelled through the server (see {@link MonitorWorkflowImpl}),
 * so the server still retries its failing search; each retry asks the execution's row first and
 * ends at once, without a provider call, when the check no longer runs.
 */
public final class CurrentChecksOnly implements SearchActivities {
  /** Failure type of a retry whose check was replaced; the monitor no longer waits for it. */
  public static final String CHECK_REPLACED = "CHECK_REPLACED";

  private final SearchActivities search;
  private final MonitorStore store;

  public CurrentChecksOnly(SearchActivities search, MonitorStore store) {
    this.search = search;
    this.store = store;
  }

  @Override
  public GroundedAnswer groundedSearch(UUID executionId, SearchRequest request) {
    ensureCurrent(executionId);
    return search.groundedSearch(executionId, request);
  }

  @Override
  public Judgement evaluateCondition(UUID executionId, JudgeRequest request) {
    ensureCurrent(executionId);
    return search.evaluateCondition(executionId, request);
  }

  /**
   * A first attempt runs as the monitor scheduled it; only retries, which come later, may be stale.
   */
  private void ensureCurrent(UUID executionId) {
    if (Activity.getExecutionContext().getInfo().getAttempt() > 1
        && !store.stillRunning(executionId)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Check " + executionId + " no longer runs; its retry is dropped", CHECK_REPLACED);
    }
  }
}
