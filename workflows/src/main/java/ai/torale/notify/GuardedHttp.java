package ai.torale.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * One POST to a user-given URL, for webhooks and chat channels alike: the SSRF guard first, then a
 * bounded request without redirects; network failures become retryable outcomes and an answer is
 * handed to the caller's classification. Errors name what happened, never the URL (on chat
 * platforms the URL is the credential) or a header value.
 */
public final class GuardedHttp {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How much of an answer's body is read: enough for any platform's error object. */
  static final int MAX_BODY = 16 * 1024;

  /** What the receiver answered: status, headers and the start of the body. */
  public record Answer(int status, HttpHeaders headers, String body) {
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  private final HttpClient client;
  private final AddressGuard guard;

  public GuardedHttp(HttpClient client, AddressGuard guard) {
    this.client = client;
    this.guard = guard;
  }

  /**
   * The client these POSTs need: no redirects (a 3xx could point anywhere, past the guard), bounded
   * connects.
   */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /** POSTs {@code body} with {@code headers} (set in order) and classifies the answer. */
  public SendOutcome post(
      URI url, Map<String, String> headers, byte[] body, Function<Answer, SendOutcome> classify) {
    try {
      guard.resolve(url.getHost());
    } catch (RefusedAddressException e) {
      return SendOutcome.refused(e.getMessage());
    } catch (UnknownHostException e) {
      return SendOutcome.retrying(null, "the webhook host could not be resolved");
    }
    HttpRequest.Builder http =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(http::setHeader);
    try {
      HttpResponse<InputStream> response =
          client.send(http.build(), HttpResponse.BodyHandlers.ofInputStream());
      String text;
      try (InputStream in = response.body()) {
        text = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
      }
      return classify.apply(new Answer(response.statusCode(), response.headers(), text));
    } catch (HttpTimeoutException e) {
      return SendOutcome.retrying(null, "no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      return SendOutcome.retrying(null, "could not connect to the webhook host");
    } catch (SSLException e) {
      return SendOutcome.retrying(null, "TLS handshake failed: " + e.getMessage());
    } catch (IOException e) {
      return SendOutcome.retrying(null, "network error: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendOutcome.retrying(null, "interrupted while sending");
    }
  }
}
