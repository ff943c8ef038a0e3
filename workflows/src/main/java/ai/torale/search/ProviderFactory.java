package ai.torale.search;

import ai.torale.search.gemini.Gemini;
import ai.torale.search.gemini.GroundingLinks;
import ai.torale.search.gemini.HeadRedirectResolver;
import ai.torale.search.http.Endpoint;
import ai.torale.search.http.ProviderHttp;
import ai.torale.search.openai.OpenAi;
import ai.torale.search.searxng.Searxng;
import java.net.http.HttpClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link Providers} the operator configured. A missing key or URL never stops the
 * service: it gives providers that fail every check with one clear reason, and one log line at
 * start says so.
 */
public final class ProviderFactory {
  private static final Logger log = LoggerFactory.getLogger(ProviderFactory.class);

  /** Grounding-link lookups are a nicety; they must never eat much of the search step's time. */
  private static final Duration LINK_BUDGET = Duration.ofSeconds(3);

  private ProviderFactory() {}

  public static Providers create(ProviderSettings settings) {
    return create(settings, ProviderHttp.defaultClient());
  }

  public static Providers create(ProviderSettings settings, HttpClient client) {
    String missing = missing(settings);
    if (missing != null) {
      log.warn("No search provider configured: {}; every check will fail until it is set", missing);
      return Providers.unconfigured(missing);
    }
    ProviderHttp http = new ProviderHttp(client);
    Providers providers;
    String where;
    switch (settings.provider()) {
      case ProviderSettings.GEMINI -> {
        Endpoint gemini = gemini(settings);
        providers =
            Gemini.providers(
                http,
                gemini,
                settings.resolveGroundingLinks()
                    ? new HeadRedirectResolver(client, LINK_BUDGET)
                    : GroundingLinks.Resolver.NONE,
                settings.searchTimeout(),
                settings.evaluationTimeout());
        where = gemini.toString();
      }
      case ProviderSettings.OPENAI -> {
        Endpoint openai = openai(settings, "OpenAI");
        providers =
            OpenAi.providers(http, openai, settings.searchTimeout(), settings.evaluationTimeout());
        where = openai.toString();
      }
      default -> {
        Endpoint searxng = searxng(settings);
        Endpoint chat = openai(settings, "The OpenAI-compatible server");
        providers =
            Searxng.providers(
                http, searxng, chat, settings.searchTimeout(), settings.evaluationTimeout());
        where = "SearXNG at " + searxng.baseUrl() + ", answers and judgements by " + chat;
      }
    }
    log.info("Search provider: {} ({})", providers.name(), where);
    return providers;
  }

  /** Why the settings cannot work, or null when they can. */
  static String missing(ProviderSettings s) {
    switch (s.provider()) {
      case ProviderSettings.GEMINI:
        return s.geminiApiKey() == null ? "GEMINI_API_KEY is not set" : null;
      case ProviderSettings.OPENAI:
        return s.openaiApiKey() == null ? "OPENAI_API_KEY is not set" : null;
      case ProviderSettings.OPENAI_COMPATIBLE:
        if (s.searxngUrl() == null) {
          return "TORALE_SEARXNG_URL is not set (openai-compatible searches with SearXNG)";
        }
        if (s.openaiModel() == null) {
          return "TORALE_OPENAI_MODEL is not set (the model your server serves, e.g. qwen3:8b)";
        }
        if (s.openaiApiKey() == null
            && s.openaiBaseUrl().equals(ProviderSettings.DEFAULT_OPENAI_BASE_URL)) {
          return "TORALE_OPENAI_BASE_URL is not set (your server's /v1 URL) and OPENAI_API_KEY is not set";
        }
        return null;
      default:
        return "TORALE_SEARCH_PROVIDER '"
            + s.provider()
            + "' is unknown; use gemini, openai or openai-compatible";
    }
  }

  private static Endpoint gemini(ProviderSettings s) {
    // Operators often paste the versioned URL; the client adds /v1beta itself.
    String base = s.geminiBaseUrl().replaceFirst("/v1(beta)?/?$", "");
    return new Endpoint(
        "Gemini",
        base,
        s.geminiApiKey(),
        s.geminiModel(),
        "GEMINI_API_KEY",
        "TORALE_GEMINI_BASE_URL",
        "TORALE_GEMINI_MODEL");
  }

  private static Endpoint openai(ProviderSettings s, String name) {
    return new Endpoint(
        name,
        s.openaiBaseUrl(),
        s.openaiApiKey(),
        s.openaiModelOrDefault(),
        "OPENAI_API_KEY",
        "TORALE_OPENAI_BASE_URL",
        "TORALE_OPENAI_MODEL");
  }

  private static Endpoint searxng(ProviderSettings s) {
    return new Endpoint("SearXNG", s.searxngUrl(), null, null, "-", "TORALE_SEARXNG_URL", "-");
  }
}
