package ai.torale.search.http;

import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import java.net.URI;

/**
 * One configured provider endpoint and the settings a user would change to fix it. The names appear
 * in error messages so that a failed check tells the operator which variable to look at; the key
 * itself never does.
 */
public record Endpoint(
    String provider,
    String baseUrl,
    String apiKey,
    String model,
    String keyVariable,
    String baseUrlVariable,
    String modelVariable) {

  public Endpoint {
    baseUrl = baseUrl == null ? null : stripTrailingSlash(baseUrl.trim());
  }

  public boolean hasKey() {
    return apiKey != null && !apiKey.isBlank();
  }

  /**
   * The base URL with {@code path} appended, as an address; a base URL that is none fails the check
   * with the setting to fix, as a missing one does.
   */
  public URI uri(String path) {
    try {
      return URI.create(baseUrl + path);
    } catch (IllegalArgumentException e) {
      throw new ProviderException(
          ProviderFailure.CONFIGURATION,
          baseUrlVariable
              + " is not a valid URL ("
              + baseUrl
              + "); set it to the provider's address");
    }
  }

  /** The text with the API key blanked out, for anything that may be stored or logged. */
  public String redact(String text) {
    if (text == null || !hasKey()) {
      return text;
    }
    return text.replace(apiKey, "[redacted]");
  }

  @Override
  public String toString() {
    return provider + " at " + baseUrl + " (model " + model + ")";
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
