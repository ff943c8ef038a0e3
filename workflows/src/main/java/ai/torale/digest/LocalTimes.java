package ai.torale.digest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;

/**
 * The one rule for turning a wall-clock time into an instant across DST changes: a time that does
 * not exist that day (spring forward) becomes the first instant after the gap (02:30 in Paris on
 * the last Sunday of March is 03:00), and a time that happens twice (fall back) is its first
 * occurrence (the earlier offset). A user who asked for "02:30" then gets one message that day,
 * never none and never two.
 */
final class LocalTimes {
  private LocalTimes() {}

  static Instant resolve(LocalDate date, LocalTime time, ZoneId zone) {
    return resolve(date, time, zone, null);
  }

  /**
   * As {@link #resolve(LocalDate, LocalTime, ZoneId)}, but an overlap takes {@code preferred} when
   * it is one of its offsets: the end of quiet hours that began after the clocks went back is the
   * second 02:30, not the first.
   */
  static Instant resolve(LocalDate date, LocalTime time, ZoneId zone, ZoneOffset preferred) {
    LocalDateTime local = LocalDateTime.of(date, time);
    if (zone.getRules().getValidOffsets(local).isEmpty()) {
      ZoneOffsetTransition gap = zone.getRules().getTransition(local);
      return gap.getInstant();
    }
    // ofLocal without a preferred offset takes the earlier one in an overlap.
    return ZonedDateTime.ofLocal(local, zone, preferred).toInstant();
  }

  /**
   * The first instant strictly after {@code t} at which the wall clock in {@code zone} reads {@code
   * time}, under the rule above.
   */
  static Instant nextAt(Instant t, LocalTime time, ZoneId zone) {
    LocalDate date = t.atZone(zone).toLocalDate();
    Instant candidate = resolve(date, time, zone);
    while (!candidate.isAfter(t)) {
      date = date.plusDays(1);
      candidate = resolve(date, time, zone);
    }
    return candidate;
  }
}
