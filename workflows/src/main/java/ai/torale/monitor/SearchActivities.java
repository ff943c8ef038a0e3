package ai.torale.monitor;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.SearchRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.UUID;

/**
 * The thinking side of a check: a grounded search, then a judgement of the condition on what it
 * found. Each names the execution it is part of, so a retry can tell that its check was replaced
 * ({@link CurrentChecksOnly}).
 */
@ActivityInterface
public interface SearchActivities {

  @ActivityMethod(name = "GroundedSearch")
  GroundedAnswer groundedSearch(UUID executionId, SearchRequest request);

  @ActivityMethod(name = "EvaluateCondition")
  Judgement evaluateCondition(UUID executionId, JudgeRequest request);
}
