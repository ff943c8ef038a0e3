package ai.torale.temporal;

import io.temporal.worker.WorkerOptions;

/**
 * How many activities the monitor worker runs at once, and on what threads (config.yml's {@code
 * temporal} block). A check spends seconds inside a provider call; on platform threads every one of
 * them holds a thread and one of the SDK's 200 activity slots, so a worker tops out near 200 ÷ the
 * provider's latency checks per second however idle its CPUs are. On virtual threads a waiting call
 * holds neither a thread nor a core, and the slots are what bound the calls in flight (and so the
 * memory and connections they hold).
 */
public record WorkerCapacity(boolean virtualThreads, int maxConcurrentActivities) {
  public WorkerCapacity {
    if (maxConcurrentActivities < 1) {
      throw new IllegalArgumentException("maxConcurrentActivities must be at least 1");
    }
  }

  /**
   * The options of the monitor worker. Local activities are short database work: their pool's size
   * stays the SDK's.
   */
  public WorkerOptions workerOptions() {
    return WorkerOptions.newBuilder()
        .setUsingVirtualThreadsOnActivityWorker(virtualThreads)
        .setUsingVirtualThreadsOnLocalActivityWorker(virtualThreads)
        .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
        .build();
  }
}
