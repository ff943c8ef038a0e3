package ai.torale.support;

import ai.torale.monitor.SearchActivities;
import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.SearchRequest;
import ai.torale.search.Source;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A search that answers "Nothing new" within a few tens of milliseconds: checks run for real, and
 * often finish just as a forced run arrives.
 */
public final class QuickSearch implements SearchActivities {
  @Override
  public GroundedAnswer groundedSearch(UUID executionId, SearchRequest request) {
    pause();
    return new GroundedAnswer(
        "quick",
        "quick-model",
        "Nothing new",
        List.of(new Source("https://example.com/", "Example")),
        List.of("q"),
        null);
  }

  @Override
  public Judgement evaluateCondition(UUID executionId, JudgeRequest request) {
    pause();
    return new Judgement(
        false,
        "Nothing new",
        null,
        "none",
        80,
        request.now().plusSeconds(86_400).toString(),
        true,
        "Topic",
        "quick-model",
        null);
  }

  private static void pause() {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(40));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
