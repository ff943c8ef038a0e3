package ai.torale.notify.chat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The wait a rate-limited receiver asks for: an HTTP {@code Retry-After} (seconds or a date), or a
 * platform's own number of seconds (Discord's fractional {@code retry_after}, Telegram's {@code
 * parameters.retry_after}). Fractions round up: sooner than asked would be refused again.
 */
final class RetryAfter {
  /** Longer than the 24 h retry window: a bigger answer is a mistake, not a wait. */
  private static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  static Optional<Duration> header(Optional<String> value, Instant now) {
    if (value.isEmpty() || value.get().isBlank()) {
      return Optional.empty();
    }
    String v = value.get().strip();
    try {
      return seconds(Double.parseDouble(v));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return at.isAfter(now) ? bounded(Duration.between(now, at)) : Optional.of(Duration.ZERO);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  static Optional<Duration> seconds(double seconds) {
    if (Double.isNaN(seconds) || seconds < 0) {
      return Optional.empty();
    }
    return bounded(Duration.ofMillis((long) Math.ceil(Math.min(seconds, MAX.toSeconds()) * 1000)));
  }

  private static Optional<Duration> bounded(Duration d) {
    Duration rounded = d.getNano() == 0 ? d : Duration.ofSeconds(d.getSeconds() + 1);
    return Optional.of(rounded.compareTo(MAX) > 0 ? MAX : rounded);
  }
}
