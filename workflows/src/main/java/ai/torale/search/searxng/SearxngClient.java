package ai.torale.search.searxng;

import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import ai.torale.search.Source;
import ai.torale.search.http.Endpoint;
import ai.torale.search.http.HttpFailures;
import ai.torale.search.http.Json;
import ai.torale.search.http.ProviderHttp;
import ai.torale.search.prompt.SearchPrompt;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /search?q=…&format=json} on a SearXNG instance, with SearXNG's own failure modes
 * classified.
 */
final class SearxngClient {
  static final int MAX_RESULTS = 8;

  private final ProviderHttp http;
  private final Endpoint endpoint;

  SearxngClient(ProviderHttp http, Endpoint endpoint) {
    this.http = http;
    this.endpoint = endpoint;
  }

  List<SearchPrompt.Result> search(String query, Duration timeout) {
    URI uri =
        URI.create(
            endpoint.baseUrl()
                + "/search?q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&format=json");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response = http.send(endpoint, request, timeout);
    int status = response.statusCode();
    if (status == 403) {
      throw new ProviderException(
          ProviderFailure.CONFIGURATION,
          "SearXNG refused JSON output (HTTP 403); add json to search.formats in its settings.yml",
          "HTTP 403: " + ProviderHttp.text(response),
          null);
    }
    if (status == 429) {
      throw new ProviderException(
          ProviderFailure.RATE_LIMITED,
          "SearXNG's bot limiter refused the search (HTTP 429); turn server.limiter off on a private instance",
          "HTTP 429: " + ProviderHttp.text(response),
          HttpFailures.retryAfterHeader(response.headers()));
    }
    if (status >= 400 && status < 500) {
      throw new ProviderException(
          ProviderFailure.CONFIGURATION,
          "SearXNG answered HTTP "
              + status
              + " at "
              + endpoint.baseUrl()
              + "/search; check TORALE_SEARXNG_URL",
          "HTTP " + status + ": " + ProviderHttp.text(response),
          null);
    }
    if (status != 200) {
      throw HttpFailures.classify(
          endpoint, status, ProviderHttp.text(response), HttpFailures.Refinement.NONE);
    }
    JsonNode body = Json.parseOrNull(response.body());
    if (body == null || !body.path("results").isArray()) {
      throw new ProviderException(
          ProviderFailure.MALFORMED_RESPONSE,
          "SearXNG sent a reply without results; the check will be retried",
          ProviderHttp.text(response),
          null);
    }
    List<SearchPrompt.Result> results = new ArrayList<>();
    for (JsonNode r : body.get("results")) {
      String url = Json.text(r, "url");
      if (url != null && results.size() < MAX_RESULTS) {
        results.add(
            new SearchPrompt.Result(
                new Source(url, Json.text(r, "title")),
                Json.text(r, "content"),
                Json.text(r, "publishedDate")));
      }
    }
    if (results.isEmpty() && !body.path("unresponsive_engines").isEmpty()) {
      // Every engine failed, yet SearXNG answers 200 with no results: that is an outage, not
      // "nothing found".
      throw new ProviderException(
          ProviderFailure.SERVER_ERROR,
          "SearXNG's search engines did not respond; the check will be retried",
          "unresponsive_engines: " + body.get("unresponsive_engines"),
          null);
    }
    return results;
  }
}
