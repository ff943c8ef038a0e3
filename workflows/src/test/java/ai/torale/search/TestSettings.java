package ai.torale.search;

import java.time.Duration;

/**
 * Provider settings pointed at a {@link MockServer}, one per provider, as an operator would write
 * them.
 */
public final class TestSettings {
  public static final String GEMINI_KEY = "AIza-test-secret-key";
  public static final String OPENAI_KEY = "sk-test-secret-key";
  public static final String GEMINI_PATH = "/v1beta/models/gemini-test:generateContent";

  private TestSettings() {}

  public static ProviderSettings gemini(MockServer server) {
    return gemini(server, "gemini-test");
  }

  /** Gemini with this model; null leaves it to the default, as an operator who sets none. */
  public static ProviderSettings gemini(MockServer server, String model) {
    return new ProviderSettings(
        "gemini",
        GEMINI_KEY,
        server.url(),
        model,
        null,
        null,
        null,
        null,
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        false);
  }

  public static ProviderSettings openai(MockServer server) {
    return openai(server, "gpt-test");
  }

  /** OpenAI with this model; null leaves it to the default. */
  public static ProviderSettings openai(MockServer server, String model) {
    return new ProviderSettings(
        "openai",
        null,
        null,
        null,
        OPENAI_KEY,
        server.url() + "/v1",
        model,
        null,
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        false);
  }

  /** Fully local: SearXNG and an Ollama-style server on the same mock, no key. */
  public static ProviderSettings local(MockServer server) {
    return new ProviderSettings(
        "openai-compatible",
        null,
        null,
        null,
        null,
        server.url() + "/v1",
        "qwen3:8b",
        server.url() + "/searxng",
        Duration.ofSeconds(3),
        Duration.ofSeconds(2),
        false);
  }
}
