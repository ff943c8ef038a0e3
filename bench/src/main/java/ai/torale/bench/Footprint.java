package ai.torale.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What a window of the run held at its peak: the heap in use after each collection in it (what
 * survives, not the garbage a large young generation lets pile up between collections) and this
 * JVM's live platform threads (virtual threads are not counted: they are what the check path may
 * use by the thousand).
 */
final class Footprint {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The peaks of one window: heap after a collection, in bytes; live platform threads. */
  record Peak(long heapBytes, int threads) {
    long heapMib() {
      return heapBytes >> 20;
    }
  }

  private final AtomicLong mostHeap = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;

  private Footprint() {}

  static Footprint start() {
    Footprint footprint = new Footprint();
    THREADS.resetPeakThreadCount();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(footprint.listener, null, null);
        footprint.emitters.add(emitter);
      }
    }
    return footprint;
  }

  Peak stop() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException e) {
        // Already gone: nothing to remove.
      }
    }
    long heap = mostHeap.get();
    if (heap == 0) {
      // No collection in the window: what is in use now bounds it.
      heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
    return new Peak(heap, THREADS.getPeakThreadCount());
  }

  private void collected(Notification notification, Object handback) {
    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      mostHeap.accumulateAndGet(HeapAfterGc.heapAfter(info.getGcInfo()), Math::max);
    }
  }
}
