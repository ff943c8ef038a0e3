package ai.torale.search.http;

import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error table every adapter shares (docs/providers.md, "Failures and retries"): the HTTP status
 * decides the class, the provider's own code refines it. Messages are one sentence naming the
 * provider and the fix; what the provider said goes to the raw detail, with the key blanked out.
 */
public final class HttpFailures {
  private static final Pattern DURATION_SECONDS = Pattern.compile("^(\\d+(?:\\.\\d+)?)s?$");

  private HttpFailures() {}

  /** What a provider said about a failed call, as far as the adapter could read it. */
  public record Refinement(boolean badKey, boolean quotaExhausted, Duration retryAfter) {
    public static final Refinement NONE = new Refinement(false, false, null);
  }

  public static ProviderException classify(
      Endpoint endpoint, int status, String body, Refinement said) {
    String raw = endpoint.redact("HTTP " + status + ": " + body);
    String p = endpoint.provider();
    if (said.badKey() || status == 401 || status == 403) {
      return new ProviderException(
          ProviderFailure.CONFIGURATION,
          p + " rejected the API key (HTTP " + status + "); set a valid " + endpoint.keyVariable(),
          raw,
          null);
    }
    if (said.quotaExhausted()) {
      return new ProviderException(
          ProviderFailure.CONFIGURATION,
          p
              + " says the account's quota or billing is exhausted (HTTP "
              + status
              + "); check the plan of the key in "
              + endpoint.keyVariable(),
          raw,
          null);
    }
    if (status == 404) {
      return new ProviderException(
          ProviderFailure.CONFIGURATION,
          p
              + " does not know the model '"
              + endpoint.model()
              + "' or has retired it (HTTP 404); set "
              + endpoint.modelVariable()
              + " to a current model and check "
              + endpoint.baseUrlVariable(),
          raw,
          null);
    }
    if (status == 429) {
      return new ProviderException(
          ProviderFailure.RATE_LIMITED,
          p + " rate limit reached (HTTP 429); the check will be retried later",
          raw,
          said.retryAfter());
    }
    if (status == 503 || status == 529) {
      return new ProviderException(
          ProviderFailure.OVERLOADED,
          p + " is overloaded (HTTP " + status + "); the check will be retried later",
          raw,
          said.retryAfter());
    }
    if (status == 408) {
      return new ProviderException(
          ProviderFailure.TIMEOUT, p + " timed out on its side (HTTP 408)", raw, said.retryAfter());
    }
    if (status >= 500) {
      return new ProviderException(
          ProviderFailure.SERVER_ERROR,
          p + " had an internal error (HTTP " + status + "); the check will be retried",
          raw,
          said.retryAfter());
    }
    return new ProviderException(
        ProviderFailure.CONFIGURATION,
        p
            + " rejected the request (HTTP "
            + status
            + "); check "
            + endpoint.modelVariable()
            + " and "
            + endpoint.baseUrlVariable(),
        raw,
        null);
  }

  /** Reads "19s", "3.700s" (Gemini RetryInfo) or "20" (Retry-After seconds). */
  public static Duration parseSeconds(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = DURATION_SECONDS.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    return Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000));
  }

  public static Duration retryAfterHeader(java.net.http.HttpHeaders headers) {
    Optional<String> value = headers.firstValue("retry-after");
    return value.map(HttpFailures::parseSeconds).orElse(null);
  }
}
