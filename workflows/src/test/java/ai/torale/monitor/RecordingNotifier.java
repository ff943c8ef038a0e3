package ai.torale.monitor;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delivers nothing; remembers every delivery the monitor asked for. */
final class RecordingNotifier implements NotifyActivities {
  static final String CONDITION_MET = "task.condition_met";
  static final String FAILING = "task.failing";
  static final String RECOVERED = "task.recovered";

  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  @Override
  public void deliver(Delivery delivery) {
    deliveries.add(delivery);
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  List<Delivery> deliveries(String event) {
    return deliveries.stream().filter(d -> d.event().equals(event)).toList();
  }

  List<Delivery> deliveriesFor(UUID executionId) {
    return deliveries.stream().filter(d -> executionId.equals(d.executionId())).toList();
  }
}
