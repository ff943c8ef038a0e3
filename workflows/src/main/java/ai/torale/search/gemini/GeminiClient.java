package ai.torale.search.gemini;

import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import ai.torale.search.http.Addresses;
import ai.torale.search.http.Endpoint;
import ai.torale.search.http.HttpFailures;
import ai.torale.search.http.Json;
import ai.torale.search.http.ProviderHttp;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * One {@code generateContent} call on the Gemini API: sends the body, classifies what went wrong,
 * and hands back what a usable answer says.
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

  Endpoint endpoint() {
    return endpoint;
  }

  /**
   * A request body with the system instruction and the one user turn every Torale call sends, then
   * the fields {@code rest} writes.
   */
  static byte[] body(String systemInstruction, String userText, Json.Fields rest) {
    return Json.bytes(json -> {
      json.writeObjectFieldStart("systemInstruction");
      parts(json, systemInstruction);
      json.writeEndObject();
      json.writeArrayFieldStart("contents");
      json.writeStartObject();
      json.writeStringField("role", "user");
      parts(json, userText);
      json.writeEndObject();
      json.writeEndArray();
      rest.write(json);
    });
  }

  private static void parts(JsonGenerator json, String text) throws IOException {
    json.writeArrayFieldStart("parts");
    json.writeStartObject();
    json.writeStringField("text", text);
    json.writeEndObject();
    json.writeEndArray();
  }

  GeminiReply generate(byte[] requestBody, Duration timeout) {
    HttpRequest request =
        ProviderHttp.postJson(addresses.of(generateContent), requestBody, timeout)
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
    GeminiReply reply = GeminiReply.read(response.body());
    if (reply == null) {
      throw new ProviderException(
          ProviderFailure.MALFORMED_RESPONSE,
          "Gemini sent a reply that is not JSON; the check will be retried",
          ProviderHttp.text(response),
          null);
    }
    return usable(reply, response);
  }

  /**
   * The reply when it has an answer to read; Gemini's refusals fail with their reason, an empty
   * answer as malformed (retried).
   */
  private static GeminiReply usable(GeminiReply reply, HttpResponse<byte[]> response) {
    if (!reply.candidate()) {
      String reason =
          reply.blockReason() == null
              ? "it returned no candidates"
              : "blocked: " + reply.blockReason();
      throw new ProviderException(
          ProviderFailure.BLOCKED,
          "Gemini refused to answer this query (" + reason + ")",
          ProviderHttp.text(response),
          null);
    }
    if (reply.finishReason() != null && BLOCKING_FINISH.contains(reply.finishReason())) {
      throw new ProviderException(
          ProviderFailure.BLOCKED,
          "Gemini stopped its answer for safety reasons (" + reply.finishReason() + ")",
          ProviderHttp.text(response),
          null);
    }
    if (reply.text().isBlank()) {
      throw new ProviderException(
          ProviderFailure.MALFORMED_RESPONSE,
          "Gemini returned an empty answer; the check will be retried",
          ProviderHttp.text(response),
          null);
    }
    return reply;
  }
}
