package ai.torale.bench;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The heap in use right after a full collection, as the collector reports it: read from the
 * collection's own figures rather than from the heap afterwards, so that what the running service
 * allocates between the collection and the reading does not count.
 */
final class HeapAfterGc {
  private static final Set<String> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());

  private HeapAfterGc() {}

  /** Bytes; the least of {@code collections} full collections in a row. */
  static long measure(int collections) {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < collections; i++) {
      least = Math.min(least, collect());
    }
    return least;
  }

  /**
   * One System.gc(): of the collections that ran meanwhile (a young one may slip in), the heap
   * after the one that left the least, which is the full one.
   */
  private static long collect() {
    var beans = ManagementFactory.getGarbageCollectorMXBeans();
    long[] before = beans.stream().mapToLong(b -> b.getCollectionCount()).toArray();
    System.gc();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < beans.size(); i++) {
      if (beans.get(i) instanceof GarbageCollectorMXBean gc
          && gc.getCollectionCount() > before[i]
          && gc.getLastGcInfo() != null) {
        least = Math.min(least, heapAfter(gc.getLastGcInfo()));
      }
    }
    return least == Long.MAX_VALUE
        ? ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
        : least;
  }

  static long heapAfter(GcInfo info) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getMemoryUsageAfterGc().entrySet()) {
      if (HEAP_POOLS.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    return used;
  }
}
