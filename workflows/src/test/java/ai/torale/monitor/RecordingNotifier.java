package ai.torale.monitor;

import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotifyActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Delivers nothing; remembers every delivery the monitor asked for. */
public final class RecordingNotifier implements NotifyActivities {
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private volatile Predicate<Delivery> unreachable = delivery -> false;

  /**
   * Deliveries that match fail with a retryable error, every attempt, as to an endpoint that is
   * down.
   */
  void failWhen(Predicate<Delivery> endpointDown) {
    unreachable = endpointDown;
  }

  @Override
  public void deliver(Delivery delivery) {
    if (unreachable.test(delivery)) {
      throw ApplicationFailure.newFailure(
          "Connection refused by " + delivery.channel().target(), "NETWORK");
    }
    deliveries.add(delivery);
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
