package ai.torale.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulingPolicyTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Draws 0 every time: no random offset, so expected instants are exact. */
  private static final RandomGenerator NO_OFFSET = () -> 0L;

  private final SchedulingPolicy policy = policy(NO_OFFSET);

  private static SchedulingPolicy policy(RandomGenerator random) {
    return new SchedulingPolicy(
        SchedulingPolicy.DEFAULT_MIN, SchedulingPolicy.DEFAULT_MAX, CLOCK, random);
  }

  private Instant next(String proposal) {
    return policy.afterSuccess(proposal, false).orElseThrow();
  }

  @Test
  void aProposalWithinBoundsIsKept() {
    assertEquals(NOW.plus(Duration.ofHours(3)), next(NOW.plus(Duration.ofHours(3)).toString()));
  }

  @Test
  void aProposalSoonerThanFifteenMinutesIsClampedToFifteenMinutes() {
    assertEquals(
        NOW.plus(Duration.ofMinutes(15)), next(NOW.plus(Duration.ofMinutes(1)).toString()));
  }

  @Test
  void aProposalLaterThanSevenDaysIsClampedToSevenDays() {
    assertEquals(NOW.plus(Duration.ofDays(7)), next(NOW.plus(Duration.ofDays(30)).toString()));
  }

  @Test
  void theBoundsAreConfigurable() {
    SchedulingPolicy tight =
        new SchedulingPolicy(Duration.ofHours(1), Duration.ofHours(2), CLOCK, NO_OFFSET);
    assertEquals(
        Optional.of(NOW.plus(Duration.ofHours(1))),
        tight.afterSuccess(NOW.plus(Duration.ofMinutes(20)).toString(), false));
    assertEquals(
        Optional.of(NOW.plus(Duration.ofHours(2))),
        tight.afterSuccess(NOW.plus(Duration.ofDays(1)).toString(), false));
  }

  @Test
  void anOffsetDateTimeIsReadAtItsOffset() {
    assertEquals(NOW.plus(Duration.ofHours(3)), next("2026-03-01T17:00:00+02:00"));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "  ",
        "tomorrow morning",
        "2026-13-45",
        "2020-01-01T00:00:00Z",
        "2026-03-01T12:00:00Z"
      })
  void aMissingUnparsableOrPastProposalFallsBackToADay(String proposal) {
    assertEquals(NOW.plus(Duration.ofHours(24)), next(proposal));
  }

  @Test
  void aGoalReachedForGoodHasNoNextRun() {
    assertEquals(
        Optional.empty(), policy.afterSuccess(NOW.plus(Duration.ofHours(3)).toString(), true));
    assertEquals(Optional.empty(), policy.afterSuccess(null, true));
  }

  @ParameterizedTest
  @CsvSource({
    "1, PT15M",
    "2, PT30M",
    "3, PT1H",
    "4, PT2H",
    "5, PT4H",
    "10, PT128H",
    "11, PT168H",
    "1000, PT168H"
  })
  void failuresBackOffFromTheMinimumDoublingUpToTheMaximum(int failures, Duration backoff) {
    assertEquals(NOW.plus(backoff), policy.afterFailure(failures));
  }

  @Test
  void theRandomOffsetIsSmallAndNeverShortensTheInterval() {
    SchedulingPolicy jittered = policy(new SplittableRandom(1));
    for (int i = 0; i < 200; i++) {
      Duration day = Duration.between(NOW, jittered.afterSuccess(null, false).orElseThrow());
      assertTrue(
          day.compareTo(Duration.ofDays(1)) >= 0
              && day.compareTo(Duration.ofDays(1).plusMinutes(10)) <= 0,
          day.toString());
      Duration min = Duration.between(NOW, jittered.afterFailure(1));
      assertTrue(
          min.compareTo(Duration.ofMinutes(15)) >= 0
              && min.compareTo(Duration.ofMinutes(15).plusSeconds(18)) <= 0,
          "2% of 15 minutes at most: " + min);
    }
  }

  @Test
  void soonIsWithinAMinute() {
    Duration soon = Duration.between(NOW, policy.soon());
    assertTrue(!soon.isNegative() && soon.compareTo(Duration.ofMinutes(1)) < 0);
  }

  @Test
  void aMinimumAboveTheMaximumIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new SchedulingPolicy(Duration.ofDays(8), Duration.ofDays(7), CLOCK, NO_OFFSET));
  }
}
