package ai.torale.search.openai;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.GroundedSearch;
import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import ai.torale.search.SearchRequest;
import ai.torale.search.Source;
import ai.torale.search.TokenUsage;
import ai.torale.search.http.Json;
import ai.torale.search.prompt.SearchPrompt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grounded search on OpenAI's Responses API with the hosted {@code web_search} tool: the answer is
 * the message's output text, the sources are its {@code url_citation} annotations, the queries come
 * from the {@code web_search_call} items.
 */
public final class ResponsesSearch implements GroundedSearch {
  private final OpenAiClient client;
  private final Duration timeout;

  ResponsesSearch(OpenAiClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public GroundedAnswer search(SearchRequest request) throws ProviderException {
    ObjectNode body = Json.object();
    body.put("model", client.endpoint().model());
    body.put("instructions", SearchPrompt.instructions(request.now()));
    body.put("input", SearchPrompt.question(request));
    body.putArray("tools").addObject().put("type", "web_search");
    body.putArray("include").add("web_search_call.action.sources");
    JsonNode reply = client.post("/responses", body, timeout);

    StringBuilder answer = new StringBuilder();
    Map<String, Source> sources = new LinkedHashMap<>();
    List<String> queries = new ArrayList<>();
    for (JsonNode item : reply.path("output")) {
      String type = Json.text(item, "type");
      if ("web_search_call".equals(type)) {
        readQueries(item.path("action"), queries);
      } else if ("message".equals(type)) {
        readMessage(item, answer, sources);
      }
    }
    if (answer.toString().isBlank()) {
      throw emptyAnswer(reply);
    }
    String model = Json.text(reply, "model");
    JsonNode usage = reply.path("usage");
    return new GroundedAnswer(
        "openai",
        model == null ? client.endpoint().model() : model,
        answer.toString().strip(),
        List.copyOf(sources.values()),
        queries,
        new TokenUsage(Json.number(usage, "input_tokens"), Json.number(usage, "output_tokens")));
  }

  private static void readQueries(JsonNode action, List<String> queries) {
    String query = Json.text(action, "query");
    if (query != null && !queries.contains(query)) {
      queries.add(query);
    }
    action
        .path("queries")
        .forEach(q -> {
          if (q.isTextual() && !queries.contains(q.asText())) {
            queries.add(q.asText());
          }
        });
  }

  private static void readMessage(
      JsonNode message, StringBuilder answer, Map<String, Source> sources) {
    for (JsonNode content : message.path("content")) {
      String type = Json.text(content, "type");
      if ("refusal".equals(type)) {
        throw new ProviderException(
            ProviderFailure.BLOCKED,
            "OpenAI refused to answer this query",
            Json.text(content, "refusal"),
            null);
      }
      if (!"output_text".equals(type)) {
        continue;
      }
      String text = Json.text(content, "text");
      if (text != null) {
        answer.append(text);
      }
      for (JsonNode annotation : content.path("annotations")) {
        String url = Json.text(annotation, "url");
        if ("url_citation".equals(Json.text(annotation, "type")) && url != null) {
          String clean = withoutTracking(url);
          sources.putIfAbsent(clean, new Source(clean, Json.text(annotation, "title")));
        }
      }
    }
  }

  private static ProviderException emptyAnswer(JsonNode reply) {
    String status = Json.text(reply, "status");
    String reason = Json.text(reply.path("incomplete_details"), "reason");
    String why =
        "incomplete".equals(status) && reason != null ? " (incomplete: " + reason + ")" : "";
    return new ProviderException(
        ProviderFailure.MALFORMED_RESPONSE,
        "OpenAI returned no answer text" + why + "; the check will be retried",
        Json.write(reply),
        null);
  }

  /** OpenAI tags cited links with utm_source=openai; the user wants the page, not the tag. */
  static String withoutTracking(String url) {
    return url.replaceAll("([?&])utm_source=openai(&|$)", "$1").replaceAll("[?&]$", "");
  }
}
