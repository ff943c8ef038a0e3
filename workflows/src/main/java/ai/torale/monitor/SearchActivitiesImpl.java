package ai.torale.monitor;

import ai.torale.search.DailyCheckBudget;
import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.ProviderException;
import ai.torale.search.Providers;
import ai.torale.search.RetryAdvice;
import ai.torale.search.SearchRequest;
import ai.torale.search.UserCheckBudget;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured provider and turns its failures into Temporal failures: retryable ones carry
 * the delay their class asks for, the others end the check at once with a readable message.
 */
public class SearchActivitiesImpl implements SearchActivities {
  private static final Logger log = LoggerFactory.getLogger(SearchActivitiesImpl.class);

  private final Providers providers;
  private final DailyCheckBudget budget;
  private final UserCheckBudget userBudget;

  public SearchActivitiesImpl(Providers providers, DailyCheckBudget budget) {
    this(providers, budget, UserCheckBudget.UNLIMITED);
  }

  public SearchActivitiesImpl(
      Providers providers, DailyCheckBudget budget, UserCheckBudget userBudget) {
    this.providers = providers;
    this.budget = budget;
    this.userBudget = userBudget;
  }

  @Override
  public GroundedAnswer groundedSearch(UUID executionId, SearchRequest request) {
    try {
      ActivityInfo info = Activity.getExecutionContext().getInfo();
      if (info.getAttempt() == 1) {
        // The owner's budget first: a user over theirs must not use up the instance's.
        userBudget.spendOne(MonitorWorkflow.taskId(info.getWorkflowId()));
        budget.spendOne();
      }
      return providers.search().search(request);
    } catch (ProviderException e) {
      throw failure(e);
    }
  }

  @Override
  public Judgement evaluateCondition(UUID executionId, JudgeRequest request) {
    try {
      return providers.judge().judge(request);
    } catch (ProviderException e) {
      throw failure(e);
    }
  }

  private ApplicationFailure failure(ProviderException e) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    log.warn(
        "Provider {} failed ({}), attempt {}: {}",
        providers.name(),
        e.failure(),
        attempt,
        e.getMessage());
    ApplicationFailure.Builder failure =
        ApplicationFailure.newBuilder()
            .setMessage(e.getMessage())
            .setType(e.failure().name())
            .setDetails(e.rawDetail() == null ? e.getMessage() : e.rawDetail())
            .setNonRetryable(!e.failure().retryable());
    if (e.failure().retryable()) {
      failure.setNextRetryDelay(RetryAdvice.delayAfter(e, attempt));
    }
    return failure.build();
  }
}
