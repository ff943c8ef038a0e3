package ai.torale.notify;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Makes one signed POST to a webhook, through {@link GuardedHttp}, and classifies the answer: 2xx
 * delivered; 408, 429, 5xx, timeouts and network errors retryable; anything else (other 4xx,
 * redirects, which are never followed) final. Errors name what happened, never a secret or a header
 * value.
 */
public final class WebhookSender {
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

  private final GuardedHttp http;
  private final Clock clock;

  public WebhookSender(GuardedHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  public SendOutcome send(Request request) {
    return http.post(
        request.url(), headers(request), request.body(), answer -> classify(answer.status()));
  }

  private Map<String, String> headers(Request request) {
    long now = clock.instant().getEpochSecond();
    // Custom headers first, so Torale's own always win (the validator refuses clashes before this).
    Map<String, String> headers = new LinkedHashMap<>();
    if (request.headers() != null) {
      headers.putAll(request.headers());
    }
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", USER_AGENT);
    headers.put("X-Torale-Event", request.eventType());
    headers.put("X-Torale-Delivery", request.deliveryId().toString());
    headers.put("X-Torale-Timestamp", Long.toString(now));
    if (request.secret() != null) {
      headers.put(
          WebhookSignature.HEADER, WebhookSignature.header(request.secret(), now, request.body()));
    }
    return headers;
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
