package ai.torale.monitor;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.Judgement;
import ai.torale.search.Source;
import ai.torale.search.TokenUsage;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The {@code result} of a successful check, as stored on the execution and served by the API
 * (snake_case on the wire and in history alike).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckResult(
    boolean conditionMet,
    String answer,
    String notification,
    String evidence,
    int confidence,
    String nextRun,
    String topic,
    List<Source> sources,
    List<String> searchQueries,
    String model,
    Models models,
    Usage usage) {

  /**
   * The models that answered, as each provider reported them: an alias such as {@code
   * gemini-flash-latest} resolves to a dated version, and that is what a reader needs to know.
   */
  public record Models(String search, String evaluation) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Usage(long inputTokens, long outputTokens) {
    static Usage of(TokenUsage u) {
      return new Usage(u.inputTokens(), u.outputTokens());
    }
  }

  public static CheckResult of(GroundedAnswer found, Judgement verdict) {
    return new CheckResult(
        verdict.conditionMet(),
        verdict.answer(),
        verdict.notification(),
        verdict.evidence(),
        verdict.confidence(),
        verdict.nextRun(),
        verdict.topic(),
        found.sources(),
        found.searchQueries(),
        verdict.model() != null ? verdict.model() : found.model(),
        new Models(found.model(), verdict.model()),
        Usage.of(found.usage().plus(verdict.usage())));
  }
}
