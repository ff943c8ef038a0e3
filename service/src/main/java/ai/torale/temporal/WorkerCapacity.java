package ai.torale.temporal;

import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * How much the monitor worker runs at once, and on what threads (config.yml's {@code temporal}
 * block). A check spends seconds inside a provider call; on platform threads every one of them
 * holds a thread and one of the SDK's 200 activity slots, so a worker tops out near 200 ÷ the
 * provider's latency checks per second however idle its CPUs are. On virtual threads a waiting call
 * holds neither a thread nor a core, and the slots are what bound the calls in flight (and so the
 * memory and connections they hold).
 */
public record WorkerCapacity(
    boolean virtualThreads,
    int maxConcurrentActivities,
    int workflowCacheSize,
    int activityPollers) {
  /**
   * Heap one cached monitor holds, rounded up: the {@code scale} bench's idle monitors, all cached,
   * took 39 KB each, the embedded server's share included.
   */
  static final long MONITOR_BYTES = 40 * 1024;

  /** The SDK's own cache size; below it a worker replays histories even at a light load. */
  static final int SDK_DEFAULT_CACHE = 600;

  /**
   * On platform workflow threads each cached monitor holds a thread of its own, so the cache stays
   * at the size that ran before virtual threads.
   */
  static final int PLATFORM_THREADS_CACHE = 4000;

  /** How long workflow code may hold its thread before the SDK fails the task as a deadlock. */
  static final Duration DEADLOCK_DETECTION = Duration.ofSeconds(10);

  public WorkerCapacity {
    if (maxConcurrentActivities < 1) {
      throw new IllegalArgumentException("maxConcurrentActivities must be at least 1");
    }
    if (workflowCacheSize < 1) {
      throw new IllegalArgumentException("workflowCacheSize must be at least 1");
    }
    if (activityPollers < 1) {
      throw new IllegalArgumentException("activityPollers must be at least 1");
    }
  }

  /**
   * The workflow cache {@code auto} gives: as many monitors as a quarter of the heap holds. A
   * monitor that falls out replays its whole history at its next workflow task, so a burst of due
   * checks larger than the cache costs about twice its CPU (a burst of 5,000 against a cache of
   * 4,000 replayed two workflow tasks in three); sized from the heap, the cache grows with what the
   * operator gives the JVM instead of staying at a count chosen for one machine.
   */
  public static int workflowCacheFor(long maxHeapBytes, boolean virtualThreads) {
    long fits = maxHeapBytes / 4 / MONITOR_BYTES;
    long bounded = virtualThreads ? fits : Math.min(fits, PLATFORM_THREADS_CACHE);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(SDK_DEFAULT_CACHE, bounded));
  }

  /**
   * The worker factory's: how many monitors stay in memory between their workflow tasks, each on a
   * workflow thread of its own. A monitor that is not cached replays its history at its next task,
   * which a burst of checks waiting for their providers does for most of them unless the cache
   * holds them all; on virtual workflow threads a cached monitor holds no platform thread.
   */
  public WorkerFactoryOptions factoryOptions() {
    return WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(workflowCacheSize)
        .setMaxWorkflowThreadCount(workflowCacheSize)
        .setUsingVirtualWorkflowThreads(virtualThreads)
        .build();
  }

  /**
   * The options of the monitor worker. Local activities are short database work: their pool's size
   * stays the SDK's. The deadlock detector is given the workflow task's own timeout: at its default
   * of one second it took workflow threads that waited that long for a core (a burst of due checks
   * saturating the CPU, where virtual workflow threads queue behind the activities' on the same
   * carriers) for deadlocks, failed their workflow tasks and made the monitors replay their
   * histories, which made the saturation worse (207 such failures in one burst of 2,000 checks).
   * {@code activityPollers}: each poller fetches one activity task at a time from the server; when
   * a burst of due checks schedules its searches faster than the pollers fetch them, the searches
   * wait for a poller and reach their providers later than the worker could send them. Workflow
   * tasks run on virtual threads too: on the SDK's pool of platform threads each one passed its
   * monitor from a platform thread to the monitor's virtual workflow thread and back, a wake-up of
   * a sleeping thread each way, and the pool ended its threads ten seconds after a burst and
   * started them again with the next.
   */
  public WorkerOptions workerOptions() {
    return WorkerOptions.newBuilder()
        .setUsingVirtualThreadsOnWorkflowWorker(virtualThreads)
        .setUsingVirtualThreadsOnActivityWorker(virtualThreads)
        .setUsingVirtualThreadsOnLocalActivityWorker(virtualThreads)
        .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
        .setMaxConcurrentActivityTaskPollers(activityPollers)
        .setDefaultDeadlockDetectionTimeout(DEADLOCK_DETECTION.toMillis())
        .build();
  }
}
