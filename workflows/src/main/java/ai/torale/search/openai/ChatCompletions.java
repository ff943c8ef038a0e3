package ai.torale.search.openai;

import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import ai.torale.search.TokenUsage;
import ai.torale.search.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * One Chat Completions call with a system and a user message, on any OpenAI-compatible server.
 * Temperature and token limits are left to the server: reasoning models reject non-default values.
 */
public final class ChatCompletions {
  private final OpenAiClient client;

  ChatCompletions(OpenAiClient client) {
    this.client = client;
  }

  public record Reply(String content, String model, TokenUsage usage) {}

  public String model() {
    return client.endpoint().model();
  }

  public String provider() {
    return client.endpoint().provider();
  }

  /** {@code responseFormat} is null for free text. */
  public Reply complete(String system, String user, ObjectNode responseFormat, Duration timeout) {
    ObjectNode body = Json.object();
    body.put("model", model());
    body.putArray("messages")
        .add(Json.object().put("role", "system").put("content", system))
        .add(Json.object().put("role", "user").put("content", user));
    if (responseFormat != null) {
      body.set("response_format", responseFormat);
    }
    JsonNode reply = client.post("/chat/completions", body, timeout);
    JsonNode choice = reply.path("choices").path(0);
    JsonNode message = choice.path("message");
    String refusal = Json.text(message, "refusal");
    if (refusal != null || "content_filter".equals(Json.text(choice, "finish_reason"))) {
      throw new ProviderException(
          ProviderFailure.BLOCKED, provider() + " refused to answer this query", refusal, null);
    }
    String content = Json.text(message, "content");
    if (content == null || content.isBlank()) {
      throw new ProviderException(
          ProviderFailure.MALFORMED_RESPONSE,
          provider() + " returned an empty answer; the check will be retried",
          Json.write(reply),
          null);
    }
    String model = Json.text(reply, "model");
    JsonNode usage = reply.path("usage");
    return new Reply(
        content,
        model == null ? model() : model,
        new TokenUsage(
            Json.number(usage, "prompt_tokens"), Json.number(usage, "completion_tokens")));
  }
}
