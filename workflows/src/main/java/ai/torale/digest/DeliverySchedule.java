package ai.torale.digest;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * When a digest task's findings go out: every day, or every week on one weekday, at a wall-clock
 * time in the owner's time zone. DST: see {@link LocalTimes} (a time skipped by spring forward
 * moves to the end of the gap, a repeated one takes its first occurrence). Pure: no clock of its
 * own.
 */
public record DeliverySchedule(Cadence cadence, LocalTime at, DayOfWeek weekday, ZoneId zone) {

  /** How often a digest goes out. */
  public enum Cadence {
    DAILY,
    WEEKLY
  }

  public DeliverySchedule {
    if (cadence == Cadence.WEEKLY && weekday == null) {
      throw new IllegalArgumentException("a weekly digest needs a weekday");
    }
  }

  /** The first digest instant strictly after {@code t}. */
  public Instant nextAfter(Instant t) {
    if (cadence == Cadence.DAILY) {
      return LocalTimes.nextAt(t, at, zone);
    }
    LocalDate date = t.atZone(zone).toLocalDate().with(TemporalAdjusters.nextOrSame(weekday));
    Instant candidate = LocalTimes.resolve(date, at, zone);
    while (!candidate.isAfter(t)) {
      date = date.plusWeeks(1);
      candidate = LocalTimes.resolve(date, at, zone);
    }
    return candidate;
  }
}
