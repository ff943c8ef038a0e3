package ai.torale.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.torale.digest.DeliverySchedule.Cadence;
import ai.torale.notify.NotificationEvent;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Digest schedules and quiet hours across DST changes: Paris springs forward on 2026-03-29 at 02:00
 * and falls back on 2026-10-25 at 03:00; New York on 2026-03-08 and 2026-11-01 at 02:00.
 */
class DeliveryPoliciesTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static DeliverySchedule daily(String at, ZoneId zone) {
    return new DeliverySchedule(Cadence.DAILY, LocalTime.parse(at), null, zone);
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  @Test
  void aDailyDigestKeepsItsWallClockTimeAcrossSpringForward() {
    DeliverySchedule eight = daily("08:00", PARIS);
    assertThat(eight.nextAfter(at("2026-03-28T07:00:00Z"))).isEqualTo(at("2026-03-29T06:00:00Z"));
    assertThat(eight.nextAfter(at("2026-03-28T06:59:59Z"))).isEqualTo(at("2026-03-28T07:00:00Z"));
  }

  @Test
  void aTimeSkippedBySpringForwardMovesToTheEndOfTheGap() {
    assertThat(daily("02:30", PARIS).nextAfter(at("2026-03-28T12:00:00Z")))
        .isEqualTo(at("2026-03-29T01:00:00Z")); // 03:00 CEST
    assertThat(daily("02:30", NEW_YORK).nextAfter(at("2026-03-07T12:00:00Z")))
        .isEqualTo(at("2026-03-08T07:00:00Z")); // 03:00 EDT
  }

  @Test
  void aTimeRepeatedByFallBackGoesOutOnceAtItsFirstOccurrence() {
    DeliverySchedule twoThirty = daily("02:30", PARIS);
    Instant first = twoThirty.nextAfter(at("2026-10-24T12:00:00Z"));
    assertThat(first).isEqualTo(at("2026-10-25T00:30:00Z")); // 02:30 CEST
    // The second 02:30 (CET, 01:30Z) is no second digest: the next is the day after.
    assertThat(twoThirty.nextAfter(first)).isEqualTo(at("2026-10-26T01:30:00Z"));
    assertThat(daily("01:30", NEW_YORK).nextAfter(at("2026-10-31T12:00:00Z")))
        .isEqualTo(at("2026-11-01T05:30:00Z")); // 01:30 EDT
  }

  @Test
  void aWeeklyDigestGoesOutOnItsWeekdayAcrossTheChange() {
    DeliverySchedule monday =
        new DeliverySchedule(Cadence.WEEKLY, LocalTime.of(8, 0), DayOfWeek.MONDAY, NEW_YORK);
    // Sunday of the change, after 08:00 EST: Monday 08:00 EDT.
    assertThat(monday.nextAfter(at("2026-03-08T14:00:00Z"))).isEqualTo(at("2026-03-09T12:00:00Z"));
    assertThat(monday.nextAfter(at("2026-03-09T12:00:00Z"))).isEqualTo(at("2026-03-16T12:00:00Z"));
    // Monday before 08:00: the same day.
    assertThat(monday.nextAfter(at("2026-03-02T12:59:00Z"))).isEqualTo(at("2026-03-02T13:00:00Z"));
  }

  @Test
  void quietHoursWrapMidnightAndEndAtTheirWallClockTime() {
    QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), PARIS);
    Instant lateSaturday = at("2026-03-28T21:30:00Z"); // 22:30 CET
    assertThat(night.contains(lateSaturday)).isTrue();
    assertThat(night.endAfter(lateSaturday)).contains(at("2026-03-29T05:00:00Z")); // 07:00 CEST
    assertThat(night.contains(at("2026-03-29T05:00:00Z"))).isFalse();
    assertThat(night.contains(at("2026-03-28T20:59:59Z"))).isFalse();
    assertThat(night.endAfter(at("2026-03-28T12:00:00Z"))).isEmpty();
    // Early morning, after midnight: the same morning.
    assertThat(night.endAfter(at("2026-10-25T04:00:00Z"))).contains(at("2026-10-25T06:00:00Z"));
  }

  @Test
  void quietHoursThatEndInsideTheRepeatedHourEndAtTheRightOccurrence() {
    QuietHours early = new QuietHours(LocalTime.of(1, 0), LocalTime.of(2, 30), PARIS);
    // 02:10 CEST, the first pass: ends at the first 02:30.
    assertThat(early.endAfter(at("2026-10-25T00:10:00Z"))).contains(at("2026-10-25T00:30:00Z"));
    // 02:10 CET, the second pass: ends at the second 02:30, not a day later.
    assertThat(early.endAfter(at("2026-10-25T01:10:00Z"))).contains(at("2026-10-25T01:30:00Z"));
  }

  @Test
  void quietHoursWhoseEndIsSkippedEndWithTheGap() {
    QuietHours night = new QuietHours(LocalTime.of(23, 0), LocalTime.of(2, 30), NEW_YORK);
    Instant oneThirty = at("2026-03-08T06:30:00Z"); // 01:30 EST
    assertThat(night.endAfter(oneThirty)).contains(at("2026-03-08T07:00:00Z")); // 03:00 EDT
  }

  @Test
  void daytimeQuietHoursDoNotWrap() {
    QuietHours work = new QuietHours(LocalTime.of(9, 0), LocalTime.of(17, 0), ZoneId.of("UTC"));
    assertThat(work.contains(at("2026-05-01T09:00:00Z"))).isTrue();
    assertThat(work.contains(at("2026-05-01T17:00:00Z"))).isFalse();
    assertThat(work.contains(at("2026-05-01T03:00:00Z"))).isFalse();
  }

  @Test
  void findingsOfDigestTasksWaitForTheDigestAndOthersForQuietHoursToEnd() {
    DeliverySchedule eight = daily("08:00", PARIS);
    QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), PARIS);
    Instant late = at("2026-06-01T21:00:00Z"); // 23:00 CEST
    Instant dayAfter7 = at("2026-06-02T05:00:00Z");
    Instant dayAfter8 = at("2026-06-02T06:00:00Z");
    Preferences quiet = new Preferences(night, false);
    Preferences urgent = new Preferences(night, true);

    assertThat(HoldPolicy.heldUntil(NotificationEvent.CONDITION_MET, eight, null, late))
        .contains(dayAfter8);
    assertThat(HoldPolicy.heldUntil(NotificationEvent.CONDITION_MET, eight, quiet, late))
        .contains(dayAfter8);
    assertThat(HoldPolicy.heldUntil(NotificationEvent.CONDITION_MET, null, quiet, late))
        .contains(dayAfter7);
    assertThat(HoldPolicy.heldUntil(NotificationEvent.CONDITION_MET, null, null, late)).isEmpty();
    assertThat(HoldPolicy.heldUntil(NotificationEvent.FAILING, eight, quiet, late))
        .contains(dayAfter7);
    assertThat(HoldPolicy.heldUntil(NotificationEvent.FAILING, eight, urgent, late)).isEmpty();
    assertThat(HoldPolicy.heldUntil(NotificationEvent.RECOVERED, null, urgent, late)).isEmpty();
    assertThat(HoldPolicy.heldUntil(NotificationEvent.FAILING, eight, quiet, dayAfter8)).isEmpty();
  }

  @Test
  void settingsAreValidatedFieldByField() throws InvalidSetting {
    assertThat(TaskDelivery.parse("digest", null, null, null, null))
        .isEqualTo(new TaskDelivery("digest", "daily", "08:00", null, "UTC"));
    assertThat(TaskDelivery.parse("digest", "weekly", "18:30", "Friday", "Europe/Paris"))
        .isEqualTo(new TaskDelivery("digest", "weekly", "18:30", "friday", "Europe/Paris"));
    assertThat(TaskDelivery.parse("immediate", "weekly", null, null, null))
        .isEqualTo(TaskDelivery.IMMEDIATELY);
    assertField(() -> TaskDelivery.parse("hourly", null, null, null, null), "mode");
    assertField(() -> TaskDelivery.parse("digest", "monthly", null, null, null), "schedule");
    assertField(() -> TaskDelivery.parse("digest", null, "8am", null, null), "at");
    assertField(() -> TaskDelivery.parse("digest", null, "24:00", null, null), "at");
    assertField(() -> TaskDelivery.parse("digest", "weekly", null, "mon", null), "weekday");
    assertField(() -> TaskDelivery.parse("digest", null, null, null, "Mars/Olympus"), "timezone");
  }

  private interface Parse {
    TaskDelivery run() throws InvalidSetting;
  }

  private static void assertField(Parse parse, String field) {
    assertEquals(field, assertThrows(InvalidSetting.class, parse::run).field());
  }

  /** Reads like the assertions it makes. */
  private record That<T>(T actual) {
    void isEqualTo(T expected) {
      assertEquals(expected, actual);
    }

    void isTrue() {
      assertEquals(true, actual);
    }

    void isFalse() {
      assertEquals(false, actual);
    }

    void contains(Instant expected) {
      assertEquals(Optional.of(expected), actual);
    }

    void isEmpty() {
      assertEquals(Optional.empty(), actual);
    }
  }

  private static <T> That<T> assertThat(T actual) {
    return new That<>(actual);
  }
}
