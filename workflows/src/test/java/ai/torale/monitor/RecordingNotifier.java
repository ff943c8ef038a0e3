package ai.torale.monitor;

import ai.torale.notify.DeliveryStore;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotifyActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Delivers nothing; remembers every delivery the monitor asked for, and answers the deliveries
 * storage still owes as the test sets them.
 */
public final class RecordingNotifier implements NotifyActivities {
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final List<DeliveryStore.Outstanding> owed = new CopyOnWriteArrayList<>();
  private volatile Supplier<List<Delivery>> queued = List::of;
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile Predicate<Delivery> unreachable = delivery -> false;

  /**
   * Deliveries that match fail with a retryable error, every attempt, as to an endpoint that is
   * down.
   */
  void failWhen(Predicate<Delivery> endpointDown) {
    unreachable = endpointDown;
  }

  /** The deliveries the checks' records queued, as storage holds them. */
  void queuedBy(Supplier<List<Delivery>> records) {
    queued = records;
  }

  /** Attempts that reached the channel and succeeded or found it down, after the last reset. */
  int attempts() {
    return attempts.get();
  }

  @Override
  public void deliver(Delivery delivery) {
    if (!unreachable.test(delivery)) {
      attempts.incrementAndGet();
    }
    if (delivered(delivery)) {
      // Storage's claim: a delivery made once is never made again.
      return;
    }
    if (unreachable.test(delivery)) {
      throw ApplicationFailure.newFailure(
          "Connection refused by " + delivery.channel().target(), "NETWORK");
    }
    deliveries.add(delivery);
    owed.removeIf(o -> o.delivery().key().equals(delivery.key()));
  }

  /** Storage owes this delivery (as after a restart): a resumed monitor must send it. */
  void owe(Delivery delivery, Instant nextAttemptAt) {
    owed.add(new DeliveryStore.Outstanding(delivery, nextAttemptAt));
  }

  @Override
  public List<DeliveryStore.Outstanding> outstanding(UUID taskId) {
    List<DeliveryStore.Outstanding> all = new ArrayList<>(owed);
    for (Delivery delivery : queued.get()) {
      if (!delivered(delivery)) {
        all.add(new DeliveryStore.Outstanding(delivery, delivery.completedAt()));
      }
    }
    return all.stream().filter(o -> o.delivery().taskId().equals(taskId)).toList();
  }

  private boolean delivered(Delivery delivery) {
    return deliveries.stream().anyMatch(d -> d.key().equals(delivery.key()));
  }

  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  List<Delivery> deliveries(NotificationEvent event) {
    return deliveries.stream().filter(d -> d.event() == event).toList();
  }

  List<Delivery> deliveriesFor(UUID executionId) {
    return deliveries.stream().filter(d -> executionId.equals(d.executionId())).toList();
  }
}
