package ai.torale.search.gemini;

import ai.torale.search.Providers;
import ai.torale.search.http.Endpoint;
import ai.torale.search.http.ProviderHttp;
import java.time.Duration;

/** Builds the Gemini pair: grounded search with {@code google_search}, and a schema-bound judge. */
public final class Gemini {
  private Gemini() {}

  public static Providers providers(
      ProviderHttp http,
      Endpoint endpoint,
      GroundingLinks.Resolver resolver,
      Duration searchTimeout,
      Duration evaluationTimeout) {
    GeminiClient client = new GeminiClient(http, endpoint);
    return new Providers(
        "gemini",
        new GeminiSearch(client, new GroundingLinks(resolver), searchTimeout),
        new GeminiJudge(client, evaluationTimeout));
  }
}
