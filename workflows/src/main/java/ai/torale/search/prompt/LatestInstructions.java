package ai.torale.search.prompt;

import java.util.function.LongFunction;

/**
 * A prompt's instructions for the latest stamp they were asked for (the second or the day they
 * carry): a burst of checks shares one text instead of building 1.5 KB each. One entry, replaced
 * whole, so threads racing on it at worst build the same text twice.
 */
final class LatestInstructions {
  private record Stamped(long stamp, String text) {}

  private final LongFunction<String> build;
  private volatile Stamped latest = new Stamped(Long.MIN_VALUE, null);

  LatestInstructions(LongFunction<String> build) {
    this.build = build;
  }

  String at(long stamp) {
    Stamped stamped = latest;
    if (stamped.stamp() != stamp) {
      stamped = new Stamped(stamp, build.apply(stamp));
      latest = stamped;
    }
    return stamped.text();
  }
}
