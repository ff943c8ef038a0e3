package ai.torale.search.gemini;

import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import ai.torale.search.TokenUsage;
import ai.torale.search.http.Addresses;
import ai.torale.search.http.Endpoint;
import ai.torale.search.http.HttpFailures;
import ai.torale.search.http.Json;
import ai.torale.search.http.ProviderHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * One {@code generateContent} call on the Gemini API: sends the body, classifies what went wrong,
 * and hands back the first candidate of a usable answer.
 */
final class GeminiClient {
  private static final Set<String> BLOCKING_FINISH =
      Set.of(
          "SAFETY",
          "RECITATION",
          "BLOCKLIST",
          "PROHIBITED_CONTENT",
          "SPII",
          "IMAGE_SAFETY",
          "LANGUAGE");

  private final ProviderHttp http;
  private final Endpoint endpoint;

  private final String generateContent;
  private final Addresses addresses;

  GeminiClient(ProviderHttp http, Endpoint endpoint) {
    this.http = http;
    this.endpoint = endpoint;
    String model =
        endpoint.model().startsWith("models/") ? endpoint.model().substring(7) : endpoint.model();
    this.generateContent = "/v1beta/models/" + model + ":generateContent";
    this.addresses = new Addresses(endpoint);
  }

  /** A usable reply: the first candidate, the whole body (for usage and model version). */
  record Reply(JsonNode candidate, JsonNode body) {
    String text() {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : candidate.path("content").path("parts")) {
        // Thought summaries are the model's working, not its answer.
        if (!part.path("thought").asBoolean(false) && part.path("text").isTextual()) {
          text.append(part.get("text").asText());
        }
      }
      return text.toString();
    }

    TokenUsage usage() {
      JsonNode u = body.path("usageMetadata");
      return new TokenUsage(
          Json.number(u, "promptTokenCount") + Json.number(u, "toolUsePromptTokenCount"),
          Json.number(u, "candidatesTokenCount") + Json.number(u, "thoughtsTokenCount"));
    }

    String modelVersion(String configured) {
      String version = Json.text(body, "modelVersion");
      return version == null ? configured : version;
    }
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** A request body with the system instruction and the one user turn every Torale call sends. */
  static ObjectNode body(String systemInstruction, String userText) {
    ObjectNode body = Json.object();
    body.putObject("systemInstruction")
        .putArray("parts")
        .addObject()
        .put("text", systemInstruction);
    body.putArray("contents")
        .addObject()
        .put("role", "user")
        .putArray("parts")
        .addObject()
        .put("text", userText);
    return body;
  }

  Reply generate(ObjectNode requestBody, Duration timeout) {
    HttpRequest request =
        ProviderHttp.postJson(addresses.of(generateContent), Json.bytes(requestBody), timeout)
            .header("x-goog-api-key", endpoint.apiKey())
            .build();
    HttpResponse<byte[]> response = http.send(endpoint, request, timeout);
    if (response.statusCode() != 200) {
      throw HttpFailures.classify(
          endpoint,
          response.statusCode(),
          ProviderHttp.text(response),
          GeminiErrors.read(response));
    }
    JsonNode body = Json.parseOrNull(response.body());
    if (body == null || !body.isObject()) {
      throw new ProviderException(
          ProviderFailure.MALFORMED_RESPONSE,
          "Gemini sent a reply that is not JSON; the check will be retried",
          ProviderHttp.text(response),
          null);
    }
    return new Reply(usableCandidate(body), body);
  }

  private static JsonNode usableCandidate(JsonNode body) {
    JsonNode candidate = body.path("candidates").path(0);
    String blockReason = Json.text(body.path("promptFeedback"), "blockReason");
    if (candidate.isMissingNode()) {
      String reason = blockReason == null ? "it returned no candidates" : "blocked: " + blockReason;
      throw new ProviderException(
          ProviderFailure.BLOCKED,
          "Gemini refused to answer this query (" + reason + ")",
          Json.write(body),
          null);
    }
    String finish = Json.text(candidate, "finishReason");
    if (finish != null && BLOCKING_FINISH.contains(finish)) {
      throw new ProviderException(
          ProviderFailure.BLOCKED,
          "Gemini stopped its answer for safety reasons (" + finish + ")",
          Json.write(body),
          null);
    }
    return candidate;
  }
}
