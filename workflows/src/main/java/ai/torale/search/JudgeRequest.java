package ai.torale.search;

import java.time.Instant;
import java.util.List;

/**
 * What the judge sees: the condition, the fresh search answer and sources, the last answer the
 * owner was notified of (null if never) and the answers of the last few checks, oldest first.
 */
public record JudgeRequest(
    String query,
    String condition,
    GroundedAnswer found,
    String lastNotifiedAnswer,
    List<String> recentAnswers,
    Instant now) {

  public JudgeRequest {
    recentAnswers = recentAnswers == null ? List.of() : List.copyOf(recentAnswers);
  }
}
