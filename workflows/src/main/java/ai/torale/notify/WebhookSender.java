package ai.torale.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLException;

/**
 * Makes one signed POST to a webhook, after the SSRF guard, and classifies the answer: 2xx
 * delivered; 408, 429, 5xx, timeouts and network errors retryable; anything else (other 4xx,
 * redirects, which are never followed) final. Errors name what happened, never a secret or a header
 * value.
 */
public final class WebhookSender {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final String USER_AGENT = "Torale-Webhooks/1";

  /**
   * One POST: where, what, and the custom headers; {@code secret} may be null, then nothing is
   * signed.
   */
  public record Request(
      URI url,
      String eventType,
      UUID deliveryId,
      byte[] body,
      String secret,
      Map<String, String> headers) {}

  private final HttpClient client;
  private final AddressGuard guard;
  private final Clock clock;

  public WebhookSender(HttpClient client, AddressGuard guard, Clock clock) {
    this.client = client;
    this.guard = guard;
    this.clock = clock;
  }

  /**
   * The client webhooks need: no redirects (a 3xx could point anywhere, past the guard), bounded
   * connects.
   */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  public SendOutcome send(Request request) {
    try {
      guard.resolve(request.url().getHost());
    } catch (RefusedAddressException e) {
      return SendOutcome.refused(e.getMessage());
    } catch (UnknownHostException e) {
      return SendOutcome.retrying(null, "the webhook host could not be resolved");
    }
    HttpRequest http = build(request);
    try {
      HttpResponse<Void> response = client.send(http, HttpResponse.BodyHandlers.discarding());
      return classify(response.statusCode());
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

  private HttpRequest build(Request request) {
    long now = clock.instant().getEpochSecond();
    HttpRequest.Builder http =
        HttpRequest.newBuilder(request.url())
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    // Custom headers first, so Torale's own always win (the validator refuses clashes before this).
    if (request.headers() != null) {
      request.headers().forEach(http::setHeader);
    }
    http.setHeader("Content-Type", "application/json")
        .setHeader("User-Agent", USER_AGENT)
        .setHeader("X-Torale-Event", request.eventType())
        .setHeader("X-Torale-Delivery", request.deliveryId().toString())
        .setHeader("X-Torale-Timestamp", Long.toString(now));
    if (request.secret() != null) {
      http.setHeader(
          WebhookSignature.HEADER, WebhookSignature.header(request.secret(), now, request.body()));
    }
    return http.build();
  }

  static SendOutcome classify(int status) {
    if (status >= 200 && status < 300) {
      return SendOutcome.delivered(status);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return SendOutcome.retrying(status, "the receiver answered HTTP " + status);
    }
    if (status >= 300 && status < 400) {
      return SendOutcome.failed(
          status, "the receiver answered HTTP " + status + "; redirects are not followed");
    }
    return SendOutcome.failed(status, "the receiver answered HTTP " + status);
  }
}
