package ai.torale.search;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Which provider answers checks, and how to reach it. Built from environment-style values so the
 * service can wire it from its configuration; model ids live here, never in the adapters. {@link
 * #toString()} hides keys.
 */
public record ProviderSettings(
    String provider,
    String geminiApiKey,
    String geminiBaseUrl,
    String geminiModel,
    String openaiApiKey,
    String openaiBaseUrl,
    String openaiModel,
    String searxngUrl,
    Duration searchTimeout,
    Duration evaluationTimeout,
    boolean resolveGroundingLinks) {

  public static final String GEMINI = "gemini";
  public static final String OPENAI = "openai";
  public static final String OPENAI_COMPATIBLE = "openai-compatible";

  public static final String DEFAULT_GEMINI_BASE_URL = "https://generativelanguage.googleapis.com";

  /**
   * Google's version-less alias for its newest Flash: Google moves it as models retire, so an
   * install left alone keeps working. Each result records the version that actually answered.
   */
  public static final String DEFAULT_GEMINI_MODEL = "gemini-flash-latest";

  public static final String DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";

  /**
   * Only for OpenAI itself; a compatible server's model must be named, there is no common default.
   * OpenAI offers no version-less alias for its mid-tier model, so this is the current one (the
   * replacement OpenAI names for gpt-5-mini, shut down 2026-12-11); OpenAI announces a retirement
   * at least six months ahead, and a retired id fails checks naming TORALE_OPENAI_MODEL.
   */
  public static final String DEFAULT_OPENAI_MODEL = "gpt-6.1-terra";

  public static final Duration DEFAULT_SEARCH_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_EVALUATION_TIMEOUT = Duration.ofSeconds(30);

  public ProviderSettings {
    provider = blankToNull(provider) == null ? GEMINI : provider.strip().toLowerCase(Locale.ROOT);
    geminiApiKey = blankToNull(geminiApiKey);
    geminiBaseUrl = orDefault(geminiBaseUrl, DEFAULT_GEMINI_BASE_URL);
    geminiModel = orDefault(geminiModel, DEFAULT_GEMINI_MODEL);
    openaiApiKey = blankToNull(openaiApiKey);
    openaiBaseUrl = orDefault(openaiBaseUrl, DEFAULT_OPENAI_BASE_URL);
    openaiModel = blankToNull(openaiModel);
    searxngUrl = blankToNull(searxngUrl);
    searchTimeout = searchTimeout == null ? DEFAULT_SEARCH_TIMEOUT : searchTimeout;
    evaluationTimeout = evaluationTimeout == null ? DEFAULT_EVALUATION_TIMEOUT : evaluationTimeout;
  }

  /**
   * Reads {@code TORALE_SEARCH_PROVIDER}, {@code GEMINI_API_KEY}, {@code TORALE_GEMINI_BASE_URL},
   * {@code TORALE_GEMINI_MODEL}, {@code OPENAI_API_KEY}, {@code TORALE_OPENAI_BASE_URL}, {@code
   * TORALE_OPENAI_MODEL}, {@code TORALE_SEARXNG_URL}, {@code TORALE_SEARCH_TIMEOUT}, {@code
   * TORALE_EVALUATION_TIMEOUT} (seconds or ISO-8601, e.g. {@code 60} or {@code PT1M}) and {@code
   * TORALE_GEMINI_RESOLVE_LINKS} (default true).
   */
  public static ProviderSettings fromEnvironment(Map<String, String> env) {
    return new ProviderSettings(
        env.get("TORALE_SEARCH_PROVIDER"),
        env.get("GEMINI_API_KEY"),
        env.get("TORALE_GEMINI_BASE_URL"),
        env.get("TORALE_GEMINI_MODEL"),
        env.get("OPENAI_API_KEY"),
        env.get("TORALE_OPENAI_BASE_URL"),
        env.get("TORALE_OPENAI_MODEL"),
        env.get("TORALE_SEARXNG_URL"),
        duration(env.get("TORALE_SEARCH_TIMEOUT")),
        duration(env.get("TORALE_EVALUATION_TIMEOUT")),
        !"false".equalsIgnoreCase(String.valueOf(env.get("TORALE_GEMINI_RESOLVE_LINKS")).strip()));
  }

  /**
   * The OpenAI model to use: the configured one, or OpenAI's default only when talking to OpenAI
   * itself.
   */
  public String openaiModelOrDefault() {
    return openaiModel == null && OPENAI.equals(provider) ? DEFAULT_OPENAI_MODEL : openaiModel;
  }

  @Override
  public String toString() {
    return "ProviderSettings[provider="
        + provider
        + ", geminiApiKey="
        + (geminiApiKey == null ? "unset" : "set")
        + ", geminiBaseUrl="
        + geminiBaseUrl
        + ", geminiModel="
        + geminiModel
        + ", openaiApiKey="
        + (openaiApiKey == null ? "unset" : "set")
        + ", openaiBaseUrl="
        + openaiBaseUrl
        + ", openaiModel="
        + openaiModel
        + ", searxngUrl="
        + searxngUrl
        + ", searchTimeout="
        + searchTimeout
        + ", evaluationTimeout="
        + evaluationTimeout
        + ", resolveGroundingLinks="
        + resolveGroundingLinks
        + "]";
  }

  static Duration duration(String value) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    try {
      return v.chars().allMatch(Character::isDigit)
          ? Duration.ofSeconds(Long.parseLong(v))
          : Duration.parse(v);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "Not a duration (seconds or ISO-8601 such as PT1M): " + v, e);
    }
  }

  private static String orDefault(String value, String fallback) {
    String v = blankToNull(value);
    return v == null ? fallback : v;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
