package ai.torale.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What became of one delivery attempt, as stored and served (lower case on the wire). */
public enum DeliveryResult {
  /** The receiver took it (2xx) or the SMTP server accepted it. */
  DELIVERED,
  /** It will not be tried again: a permanent error, or retries ran out. */
  FAILED,
  /** A transient error; Temporal tries again later. */
  RETRYING,
  /** Never sent because the target is not allowed (SSRF guard, bad configuration). */
  REFUSED,
  /** Never sent because the recipient or the user reached an email limit. */
  RATE_LIMITED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
