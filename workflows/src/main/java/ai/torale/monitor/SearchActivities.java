package ai.torale.monitor;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.SearchRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The thinking side of a check: a grounded search, then a judgement of the condition on what it found. */
@ActivityInterface
public interface SearchActivities {

  @ActivityMethod(name = "GroundedSearch")
  GroundedAnswer groundedSearch(SearchRequest request);

  @ActivityMethod(name = "EvaluateCondition")
  Judgement evaluateCondition(JudgeRequest request);
}
