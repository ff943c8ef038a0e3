package ai.torale.search.openai;

import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
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

/**
 * POSTs to an OpenAI-style API (OpenAI itself, Ollama, vLLM, llama.cpp, LM Studio) and classifies
 * its {@code {"error":{"message","type","code"}}} failures.
 */
final class OpenAiClient {
  private final ProviderHttp http;
  private final Endpoint endpoint;
  private final Addresses addresses;

  OpenAiClient(ProviderHttp http, Endpoint endpoint) {
    this.http = http;
    this.endpoint = endpoint;
    this.addresses = new Addresses(endpoint);
  }

  Endpoint endpoint() {
    return endpoint;
  }

  JsonNode post(String path, ObjectNode body, Duration timeout) {
    HttpRequest.Builder request =
        ProviderHttp.postJson(addresses.of(path), Json.bytes(body), timeout);
    // Local servers need no key; sending an empty bearer would only confuse their logs.
    if (endpoint.hasKey()) {
      request.header("Authorization", "Bearer " + endpoint.apiKey());
    }
    HttpResponse<byte[]> response = http.send(endpoint, request.build(), timeout);
    if (response.statusCode() != 200) {
      throw HttpFailures.classify(
          endpoint, response.statusCode(), ProviderHttp.text(response), refine(response));
    }
    JsonNode reply = Json.parseOrNull(response.body());
    if (reply == null || !reply.isObject()) {
      throw new ProviderException(
          ProviderFailure.MALFORMED_RESPONSE,
          endpoint.provider() + " sent a reply that is not JSON; the check will be retried",
          endpoint.redact(ProviderHttp.text(response)),
          null);
    }
    return reply;
  }

  private static HttpFailures.Refinement refine(HttpResponse<byte[]> response) {
    JsonNode error = Json.parseOrNull(response.body());
    error = error == null ? null : error.get("error");
    String code = Json.text(error, "code");
    String type = Json.text(error, "type");
    boolean badKey = "invalid_api_key".equals(code);
    // insufficient_quota is a 429 that no retry can fix: the account needs billing.
    boolean quota = "insufficient_quota".equals(code) || "insufficient_quota".equals(type);
    return new HttpFailures.Refinement(
        badKey, quota, HttpFailures.retryAfterHeader(response.headers()));
  }
}
