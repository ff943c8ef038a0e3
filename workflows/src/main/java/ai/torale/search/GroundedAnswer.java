package ai.torale.search;

import java.util.List;

/**
 * What a grounded search found: the model's answer from live web results, with the pages it rests
 * on.
 */
public record GroundedAnswer(
    String provider,
    String model,
    String answer,
    List<Source> sources,
    List<String> searchQueries,
    TokenUsage usage) {

  public GroundedAnswer {
    sources = sources == null ? List.of() : List.copyOf(sources);
    searchQueries = searchQueries == null ? List.of() : List.copyOf(searchQueries);
    usage = usage == null ? TokenUsage.NONE : usage;
  }
}
