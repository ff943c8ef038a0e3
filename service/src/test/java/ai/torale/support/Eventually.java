package ai.torale.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits in real time for what a running service does by itself. */
public final class Eventually {
  private Eventually() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} after {@code limit}. */
  public static void until(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }
}
