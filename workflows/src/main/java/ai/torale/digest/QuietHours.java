package ai.torale.digest;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A user's quiet hours: wall-clock {@code from} (inclusive) to {@code to} (exclusive) in a time
 * zone, wrapping midnight when {@code from} is later than {@code to} (22:00–07:00). Wall-clock
 * times are compared, so an hour repeated by fall back is quiet twice and one skipped by spring
 * forward is not at all; the end skipped by spring forward is the end of the gap ({@link
 * LocalTimes}). Pure: no clock of its own.
 */
public record QuietHours(LocalTime from, LocalTime to, ZoneId zone) {

  public QuietHours {
    if (from.equals(to)) {
      throw new IllegalArgumentException("quiet hours must end at another time than they start");
    }
  }

  public boolean contains(Instant t) {
    LocalTime local = t.atZone(zone).toLocalTime();
    return from.isBefore(to)
        ? !local.isBefore(from) && local.isBefore(to)
        : !local.isBefore(from) || local.isBefore(to);
  }

  /** When the quiet period holding {@code t} ends; empty when {@code t} is not quiet. */
  public Optional<Instant> endAfter(Instant t) {
    if (!contains(t)) {
      return Optional.empty();
    }
    ZonedDateTime local = t.atZone(zone);
    Instant end = LocalTimes.resolve(local.toLocalDate(), to, zone, local.getOffset());
    return Optional.of(
        end.isAfter(t) ? end : LocalTimes.resolve(local.toLocalDate().plusDays(1), to, zone));
  }
}
