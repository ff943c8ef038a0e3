package ai.torale.search;

import ai.torale.notify.NotifyActivities;
import java.util.ArrayList;
import java.util.List;

/** Records deliveries instead of sending them. */
public final class RecordingNotifier implements NotifyActivities {
  private final List<Delivery> deliveries = new ArrayList<>();

  @Override
  public synchronized void deliver(Delivery delivery) {
    deliveries.add(delivery);
  }

  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }
}
