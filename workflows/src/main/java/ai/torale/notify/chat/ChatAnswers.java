package ai.torale.notify.chat;

import ai.torale.notify.GuardedHttp.Answer;
import ai.torale.notify.SendOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How chat platforms' answers read, as webhooks' do: 2xx delivered; 429 (after the wait asked for),
 * 408 and 5xx retried; redirects and other 4xx final, with the platform's own reason (Slack's
 * {@code no_service}, Discord's "Unknown Webhook") so the owner sees what to fix.
 */
final class ChatAnswers {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A platform's reason is shown in the delivery log; never more than this. */
  static final int MAX_REASON = 200;

  private ChatAnswers() {}

  /**
   * The outcome of an answer; {@code reason} is the platform's explanation (may be blank) and
   * {@code asked} the wait it named, if any.
   */
  static SendOutcome classify(
      String platform, int status, String reason, Optional<Duration> asked) {
    String error = "the " + platform + " server answered HTTP " + status + reasonPart(reason);
    if (status >= 200 && status < 300) {
      return SendOutcome.delivered(status);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return SendOutcome.retryingAfter(status, error, asked.orElse(null));
    }
    if (status >= 300 && status < 400) {
      return SendOutcome.failed(status, error + "; redirects are not followed");
    }
    return SendOutcome.failed(status, error);
  }

  /** The common case: the status, the body as the reason, and the Retry-After header. */
  static SendOutcome classify(String platform, Answer answer, String reason, Instant now) {
    return classify(
        platform, answer.status(), reason, RetryAfter.header(answer.header("Retry-After"), now));
  }

  /** The answer's JSON, or a missing node when it is not JSON. */
  static JsonNode json(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? JSON.missingNode() : node;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** A reason fit for the delivery log: one line of printable text, bounded. */
  static String reason(String text) {
    if (text == null) {
      return "";
    }
    String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return Text.fit(line, MAX_REASON);
  }

  private static String reasonPart(String reason) {
    String r = reason(reason);
    return r.isEmpty() ? "" : ": " + r;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
