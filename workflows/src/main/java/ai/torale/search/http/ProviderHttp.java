package ai.torale.search.http;

import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Sends one provider request and turns transport trouble into classified {@link
 * ProviderException}s. It never retries: retries live in Temporal only, so one policy decides how
 * often a provider is asked.
 */
public final class ProviderHttp {
  private final HttpClient client;

  public ProviderHttp(HttpClient client) {
    this.client = client;
  }

  public static HttpClient defaultClient() {
    // Redirects stay off: APIs do not redirect, and grounding links must be read, not followed.
    // The client's own tasks (reading a reply, completing the call it answers) run on virtual
    // threads: its default pool ends a platform thread a minute after it falls idle and starts
    // another with the next burst of calls, and hands every reply from one thread to another.
    return HttpClient.newBuilder()
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public HttpClient client() {
    return client;
  }

  /** A JSON POST of {@code body}, UTF-8 bytes as {@link Json#bytes} writes them. */
  public static HttpRequest.Builder postJson(String url, byte[] body, Duration timeout) {
    return postJson(URI.create(url), body, timeout);
  }

  /** The same to an address parsed once: a provider's client posts to the same few. */
  public static HttpRequest.Builder postJson(URI url, byte[] body, Duration timeout) {
    return HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /**
   * Sends the request; any HTTP status comes back, only transport failures throw. The body stays
   * bytes, which the JSON parser reads as they are; {@link #text} makes it text where a failure
   * quotes it.
   */
  public HttpResponse<byte[]> send(Endpoint endpoint, HttpRequest request, Duration timeout) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new ProviderException(
          ProviderFailure.TIMEOUT,
          endpoint.provider() + " did not answer within " + timeout.toSeconds() + " seconds",
          endpoint.redact(e.toString()),
          null);
    } catch (ConnectException e) {
      throw new ProviderException(
          ProviderFailure.NETWORK,
          "Could not connect to "
              + endpoint.provider()
              + " at "
              + endpoint.baseUrl()
              + "; check that it is running and that "
              + endpoint.baseUrlVariable()
              + " is right",
          endpoint.redact(e.toString()),
          null);
    } catch (IOException e) {
      throw new ProviderException(
          ProviderFailure.NETWORK,
          "The connection to " + endpoint.provider() + " failed",
          endpoint.redact(e.toString()),
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(
          ProviderFailure.NETWORK,
          "The call to " + endpoint.provider() + " was interrupted",
          null,
          null);
    }
  }

  /** A reply's body as text (providers answer in UTF-8), for the failures that quote it. */
  public static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
