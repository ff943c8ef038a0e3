package ai.torale.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to look next: the one place a task's next run is decided (see docs/architecture.md §8). The
 * API asks it when a user starts a task or changes its question, the RecordOutcome activity after
 * every check; both store the answer on the task's row and hand it to the monitor workflow, which
 * only waits for what it is given.
 *
 * <p>The evaluator proposes; this policy disposes: proposals are clamped to [minInterval,
 * maxInterval] and get a small random offset so tasks created together do not all fire together; a
 * proposal that is missing, unparsable or in the past falls back to a day; failures back off.
 */
public final class SchedulingPolicy {
  public static final Duration DEFAULT_MIN = Duration.ofMinutes(15);
  public static final Duration DEFAULT_MAX = Duration.ofDays(7);
  public static final Duration FALLBACK = Duration.ofHours(24);

  /** First check of a new task, and first check after resume: within a minute. */
  public static final Duration SOON = Duration.ofSeconds(30);

  /**
   * How long a monitor waits when a check ended and no next run could be recorded, rather than
   * spinning.
   */
  public static final Duration UNRECORDED_RETRY = Duration.ofMinutes(15);

  private static final double JITTER = 0.02;
  private static final Duration MAX_JITTER = Duration.ofMinutes(10);

  private final Duration minInterval;
  private final Duration maxInterval;
  private final Clock clock;
  private final RandomGenerator random;

  public SchedulingPolicy(
      Duration minInterval, Duration maxInterval, Clock clock, RandomGenerator random) {
    if (minInterval.isNegative() || minInterval.compareTo(maxInterval) > 0) {
      throw new IllegalArgumentException("minInterval must be between 0 and maxInterval");
    }
    this.minInterval = minInterval;
    this.maxInterval = maxInterval;
    this.clock = clock;
    this.random = random;
  }

  /** The first check of a task that was just created or resumed. */
  public Instant soon() {
    return clock.instant().plus(SOON);
  }

  /** The next run after a successful check, or empty when the goal is permanently reached. */
  public Optional<Instant> afterSuccess(String proposal, boolean goalReached) {
    Instant now = clock.instant();
    if (goalReached) {
      return Optional.empty();
    }
    Duration wanted =
        parse(proposal)
            .map(at -> Duration.between(now, at))
            .filter(d -> d.compareTo(Duration.ZERO) > 0)
            .orElse(FALLBACK);
    return Optional.of(now.plus(withJitter(clamp(wanted))));
  }

  /** Just after the next UTC midnight, when a spent daily budget refills. */
  public Instant nextUtcDay() {
    Instant midnight =
        clock
            .instant()
            .atZone(java.time.ZoneOffset.UTC)
            .toLocalDate()
            .plusDays(1)
            .atStartOfDay(java.time.ZoneOffset.UTC)
            .toInstant();
    return midnight.plus(withJitter(minInterval));
  }

  /**
   * The next run of a monitor whose check ended without recording one: storage gave up, the check
   * was replaced, or the task stopped being active meanwhile. It needs neither clock nor
   * randomness, so the workflow applies it on its own time; it is not stored, and the next check's
   * record replaces it.
   */
  public static Instant afterUnrecordedCheck(Instant now) {
    return now.plus(UNRECORDED_RETRY);
  }

  /**
   * The next run after the given number of failed checks in a row: the minimum interval, doubling.
   */
  public Instant afterFailure(int consecutiveFailures) {
    int doublings = Math.max(0, Math.min(consecutiveFailures - 1, 20));
    Duration wanted = minInterval.multipliedBy(1L << doublings);
    return clock.instant().plus(withJitter(clamp(wanted)));
  }

  Duration clamp(Duration d) {
    if (d.compareTo(minInterval) < 0) {
      return minInterval;
    }
    return d.compareTo(maxInterval) > 0 ? maxInterval : d;
  }

  private Duration withJitter(Duration d) {
    long bound = Math.min((long) (d.toMillis() * JITTER), MAX_JITTER.toMillis());
    return bound <= 0 ? d : d.plusMillis(random.nextLong(bound + 1));
  }

  static Optional<Instant> parse(String proposal) {
    if (proposal == null || proposal.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(proposal.trim()).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(proposal.trim()));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  public Duration minInterval() {
    return minInterval;
  }

  public Duration maxInterval() {
    return maxInterval;
  }
}
