package ai.torale.search.gemini;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.GroundedSearch;
import ai.torale.search.ProviderException;
import ai.torale.search.SearchRequest;
import ai.torale.search.prompt.SearchPrompt;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Grounded search with Gemini's {@code google_search} tool. The answer is the candidate's text; the
 * evidence is its grounding metadata. Chunks the answer's supports cite come first, since those are
 * the pages the answer actually rests on.
 */
public final class GeminiSearch implements GroundedSearch {
  private final GeminiClient client;
  private final GroundingLinks links;
  private final Duration timeout;

  GeminiSearch(GeminiClient client, GroundingLinks links, Duration timeout) {
    this.client = client;
    this.links = links;
    this.timeout = timeout;
  }

  @Override
  public GroundedAnswer search(SearchRequest request) throws ProviderException {
    byte[] body =
        GeminiClient.body(
            SearchPrompt.instructions(request.now()),
            SearchPrompt.question(request),
            json -> {
              json.writeArrayFieldStart("tools");
              json.writeStartObject();
              json.writeObjectFieldStart("google_search");
              json.writeEndObject();
              json.writeEndObject();
              json.writeEndArray();
              json.writeObjectFieldStart("generationConfig");
              // Google advises temperature 1.0 with grounding.
              json.writeNumberField("temperature", 1.0);
              json.writeEndObject();
            });

    GeminiReply reply = client.generate(body, timeout);
    return new GroundedAnswer(
        "gemini",
        reply.modelVersion(client.endpoint().model()),
        reply.text().strip(),
        links.sources(citedFirst(reply)),
        reply.queries(),
        reply.usage());
  }

  private static List<GroundingLinks.Chunk> citedFirst(GeminiReply reply) {
    List<GroundingLinks.Chunk> chunks = reply.chunks();
    Set<Integer> order = new LinkedHashSet<>(reply.cited());
    for (int i = 0; i < chunks.size(); i++) {
      order.add(i);
    }
    return order.stream()
        .filter(i -> i >= 0 && i < chunks.size() && chunks.get(i).uri() != null)
        .map(chunks::get)
        .toList();
  }
}
