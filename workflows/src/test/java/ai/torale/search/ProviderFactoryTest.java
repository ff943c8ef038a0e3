package ai.torale.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderFactoryTest {
  static final SearchRequest REQUEST =
      new SearchRequest("q", "c", Instant.parse("2026-11-29T00:00:00Z"));

  @Test
  void defaultsAreGeminiWithGooglesEndpointAndTheDocumentedTimeouts() {
    ProviderSettings s = ProviderSettings.fromEnvironment(Map.of("GEMINI_API_KEY", "k"));
    assertEquals("gemini", s.provider());
    assertEquals("https://generativelanguage.googleapis.com", s.geminiBaseUrl());
    assertEquals(ProviderSettings.DEFAULT_GEMINI_MODEL, s.geminiModel());
    assertEquals("https://api.openai.com/v1", s.openaiBaseUrl());
    assertEquals(Duration.ofSeconds(60), s.searchTimeout());
    assertEquals(Duration.ofSeconds(30), s.evaluationTimeout());
    assertTrue(s.resolveGroundingLinks());
    assertEquals("gemini", ProviderFactory.create(s).name());
  }

  @Test
  void environmentValuesAreRead() {
    ProviderSettings s =
        ProviderSettings.fromEnvironment(
            Map.of(
                "TORALE_SEARCH_PROVIDER",
                " OpenAI-Compatible ",
                "TORALE_OPENAI_BASE_URL",
                "http://localhost:11434/v1",
                "TORALE_OPENAI_MODEL",
                "qwen3:8b",
                "TORALE_SEARXNG_URL",
                "http://localhost:8888",
                "TORALE_SEARCH_TIMEOUT",
                "90",
                "TORALE_EVALUATION_TIMEOUT",
                "PT45S",
                "TORALE_GEMINI_RESOLVE_LINKS",
                "false"));
    assertEquals("openai-compatible", s.provider());
    assertEquals(Duration.ofSeconds(90), s.searchTimeout());
    assertEquals(Duration.ofSeconds(45), s.evaluationTimeout());
    assertFalse(s.resolveGroundingLinks());
    assertEquals("openai-compatible", ProviderFactory.create(s).name());
    assertThrows(
        IllegalArgumentException.class,
        () -> ProviderSettings.fromEnvironment(Map.of("TORALE_SEARCH_TIMEOUT", "a minute")));
  }

  @Test
  void keysNeverAppearInTheSettingsText() {
    ProviderSettings s =
        ProviderSettings.fromEnvironment(
            Map.of("GEMINI_API_KEY", "AIza-secret", "OPENAI_API_KEY", "sk-secret"));
    assertFalse(s.toString().contains("secret"), s.toString());
  }

  @Test
  void missingSettingsGiveOneClearReasonOnEveryCheck() {
    assertUnconfigured(Map.of(), "No search provider configured: GEMINI_API_KEY is not set");
    assertUnconfigured(
        Map.of("TORALE_SEARCH_PROVIDER", "openai"),
        "No search provider configured: OPENAI_API_KEY is not set");
    assertUnconfigured(
        Map.of("TORALE_SEARCH_PROVIDER", "openai-compatible", "TORALE_OPENAI_MODEL", "m"),
        "No search provider configured: TORALE_SEARXNG_URL is not set (openai-compatible searches with SearXNG)");
    assertUnconfigured(
        Map.of("TORALE_SEARCH_PROVIDER", "openai-compatible", "TORALE_SEARXNG_URL", "http://s"),
        "No search provider configured: TORALE_OPENAI_MODEL is not set (the model your server serves, e.g. qwen3:8b)");
    assertUnconfigured(
        Map.of("TORALE_SEARCH_PROVIDER", "perplexity"),
        "No search provider configured: "
            + "TORALE_SEARCH_PROVIDER 'perplexity' is unknown; use gemini, openai or openai-compatible");
  }

  private static void assertUnconfigured(Map<String, String> env, String message) {
    Providers providers = ProviderFactory.create(ProviderSettings.fromEnvironment(env));
    assertEquals("none", providers.name());
    ProviderException e =
        assertThrows(ProviderException.class, () -> providers.search().search(REQUEST));
    assertEquals(ProviderFailure.NOT_CONFIGURED, e.failure());
    assertEquals(message, e.getMessage());
  }
}
