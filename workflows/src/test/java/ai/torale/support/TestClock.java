package ai.torale.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * A UTC clock that reads whatever time the test says it is: a time the test moves by hand ({@link
 * #at}, {@link #advance}), a field, or Temporal's skipped time.
 */
public final class TestClock extends Clock {
  private final Supplier<Instant> now;
  private volatile Duration advanced = Duration.ZERO;

  public TestClock(Supplier<Instant> now) {
    this.now = now;
  }

  /** A clock standing at {@code start} until the test advances it. */
  public static TestClock at(Instant start) {
    return new TestClock(() -> start);
  }

  /** Moves the clock on; the tests that do so move it from one thread. */
  public void advance(Duration d) {
    advanced = advanced.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get().plus(advanced);
  }
}
