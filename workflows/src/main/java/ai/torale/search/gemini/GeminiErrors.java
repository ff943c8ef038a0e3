package ai.torale.search.gemini;

import ai.torale.search.http.HttpFailures;
import ai.torale.search.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads Gemini's google.rpc.Status error body: a bad key, a daily quota, a retry hint. */
final class GeminiErrors {
  private GeminiErrors() {}

  static HttpFailures.Refinement read(HttpResponse<byte[]> response) {
    JsonNode error = Json.parseOrNull(response.body());
    error = error == null ? null : error.get("error");
    if (error == null) {
      return new HttpFailures.Refinement(
          false, false, HttpFailures.retryAfterHeader(response.headers()));
    }
    boolean badKey = false;
    boolean perDay = false;
    Duration retryAfter = HttpFailures.retryAfterHeader(response.headers());
    for (JsonNode detail : error.path("details")) {
      String type = Json.text(detail, "@type");
      if (type == null) {
        continue;
      }
      if (type.endsWith("ErrorInfo") && "API_KEY_INVALID".equals(Json.text(detail, "reason"))) {
        badKey = true;
      } else if (type.endsWith("QuotaFailure")) {
        for (JsonNode violation : detail.path("violations")) {
          String quotaId = Json.text(violation, "quotaId");
          // A per-day quota resets tomorrow; retrying within the hour only burns attempts.
          perDay |= quotaId != null && quotaId.contains("PerDay");
        }
      } else if (type.endsWith("RetryInfo")) {
        Duration hinted = HttpFailures.parseSeconds(Json.text(detail, "retryDelay"));
        retryAfter = hinted != null ? hinted : retryAfter;
      }
    }
    String message = Json.text(error, "message");
    badKey |= message != null && message.contains("API key not valid");
    return new HttpFailures.Refinement(badKey, perDay, retryAfter);
  }
}
