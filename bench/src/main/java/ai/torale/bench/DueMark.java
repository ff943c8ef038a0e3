package ai.torale.bench;

import java.util.concurrent.CompletableFuture;

/**
 * The CPU account at a round's due instant. A window opens before it, once the round is set up (the
 * service's resume signals, the floors' workflow starts), and the workflow tasks that setup caused
 * run in it before the due instant: a one-shot floor's starts cost more than the service's signals,
 * so CPU over the whole window understated what the service's burst costs against a floor's. From
 * the due instant on, a window's CPU is the burst's alone, the one its time measures. {@code
 * -Dbench.profileFrom=due} starts the profiler there too.
 */
final class DueMark {
  private final CompletableFuture<CpuAccount> account = new CompletableFuture<>();

  private DueMark() {}

  /** Takes the account at {@code dueMillis}, on a thread of its own that sleeps until then. */
  static DueMark at(long dueMillis) {
    DueMark mark = new DueMark();
    Thread.ofPlatform()
        .daemon()
        .name("bench-due-mark")
        .start(() -> {
          long wait = dueMillis - System.currentTimeMillis();
          if (wait > 0) {
            Parallel.sleep(wait);
          }
          Profiler.startAtDue();
          mark.account.complete(CpuAccount.now());
        });
    return mark;
  }

  /** The account at the due instant, waiting for it if need be. */
  CpuAccount account() {
    return account.join();
  }
}
