package ai.torale.search.searxng;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.GroundedSearch;
import ai.torale.search.ProviderException;
import ai.torale.search.SearchRequest;
import ai.torale.search.Source;
import ai.torale.search.TokenUsage;
import ai.torale.search.openai.ChatCompletions;
import ai.torale.search.prompt.SearchPrompt;
import java.time.Duration;
import java.util.List;

/**
 * Grounded search for fully self-hosted installs: SearXNG finds the pages, then any Chat
 * Completions server writes the answer from them. Both share the search step's time budget.
 */
public final class SearxngSearch implements GroundedSearch {
  private final SearxngClient searxng;
  private final ChatCompletions chat;
  private final Duration timeout;

  SearxngSearch(SearxngClient searxng, ChatCompletions chat, Duration timeout) {
    this.searxng = searxng;
    this.chat = chat;
    this.timeout = timeout;
  }

  @Override
  public GroundedAnswer search(SearchRequest request) throws ProviderException {
    long started = System.nanoTime();
    List<SearchPrompt.Result> results = searxng.search(request.query(), timeout.dividedBy(3));
    List<Source> sources = results.stream().map(SearchPrompt.Result::source).toList();
    if (results.isEmpty()) {
      // Nothing to ground an answer in; a model asked anyway would answer from memory.
      return new GroundedAnswer(
          "openai-compatible",
          chat.model(),
          "SearXNG found no results for this query.",
          sources,
          List.of(request.query()),
          TokenUsage.NONE);
    }
    Duration left = timeout.minusNanos(System.nanoTime() - started);
    ChatCompletions.Reply reply =
        chat.complete(
            SearchPrompt.instructionsForResults(request.now()),
            SearchPrompt.questionWithResults(request, results),
            null,
            left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    return new GroundedAnswer(
        "openai-compatible",
        reply.model(),
        reply.content().strip(),
        sources,
        List.of(request.query()),
        reply.usage());
  }
}
