package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A workflow's Deliver activities in flight, by delivery id, so a delivery found twice (a repair's
 * signal, a later look at storage) runs once. Workflow code only: it schedules activities.
 */
public final class DeliveriesInFlight {
  private final Map<UUID, Promise<Void>> inFlight = new LinkedHashMap<>();

  /**
   * Starts the Deliver activity for {@code message} after {@code after} (at once when not
   * positive), unless it is in flight already. A digest travels without its items: the activity
   * reads them from the stored row.
   */
  public void start(Delivery message, Duration after) {
    UUID id = message.key().id();
    Promise<Void> running = inFlight.get(id);
    if (running != null && !running.isCompleted()) {
      return;
    }
    NotifyActivities notifier =
        Workflow.newActivityStub(
            NotifyActivities.class,
            ActivityOptions.newBuilder(NotifyActivities.OPTIONS)
                .setSummary(message.event().wire() + " by " + message.channel().type())
                .build());
    Delivery payload = message.withoutItems();
    // A stub's method reference schedules the activity at once, in this workflow task's commands; a
    // delivery due later waits for its time in a workflow thread of its own.
    inFlight.put(
        id,
        after.compareTo(Duration.ZERO) <= 0
            ? Async.procedure(notifier::deliver, payload)
            : Async.procedure(() -> {
              Workflow.sleep(after);
              notifier.deliver(payload);
            }));
  }

  /** Forgets the deliveries that ended. */
  public void prune() {
    inFlight.values().removeIf(Promise::isCompleted);
  }

  public boolean isEmpty() {
    return inFlight.isEmpty();
  }

  /** Whether every delivery started has ended. */
  public boolean allEnded() {
    return inFlight.values().stream().allMatch(Promise::isCompleted);
  }

  /**
   * Waits for every delivery in flight; one that gave up is recorded by its activity and only
   * reported to {@code gaveUp}.
   */
  public void awaitAll(Consumer<TemporalFailure> gaveUp) {
    for (Promise<Void> delivery : inFlight.values()) {
      try {
        delivery.get();
      } catch (TemporalFailure e) {
        gaveUp.accept(e);
      }
    }
    inFlight.clear();
  }
}
