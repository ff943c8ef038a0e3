package ai.torale.digest;

import ai.torale.notify.DeliveriesInFlight;
import ai.torale.notify.DeliveryStore;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The user's digests: gather, deliver, sleep until the next held delivery or a wake. Everything it
 * acts on is in storage (held rows, digest rows), so a run that is lost, restarted or continued as
 * new loses nothing: the next gather finds the digests still owed and never regathers their
 * members.
 */
public class DigestWorkflowImpl implements DigestWorkflow {
  /** Rounds per run before continuing as new, so the history stays short. */
  static final int ROUNDS_PER_RUN = 100;

  private static final ActivityOptions GATHER =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setMaximumInterval(Duration.ofMinutes(5))
                  .build())
          .setSummary("Gather due deliveries into digests")
          .build();

  // A digest found again (a wake, a later gather) runs once.
  private final DeliveriesInFlight deliveries = new DeliveriesInFlight();
  private boolean woken;

  @Override
  public void run(UUID userId) {
    DigestActivities storage = Workflow.newActivityStub(DigestActivities.class, GATHER);
    for (int round = 0; round < ROUNDS_PER_RUN; round++) {
      woken = false;
      DigestStore.Gathered gathered = storage.gather(userId);
      for (DeliveryStore.Outstanding owed : gathered.owed()) {
        deliveries.start(owed.delivery(), Duration.between(now(), owed.nextAttemptAt()));
      }
      deliveries.prune();
      if (gathered.nextHeld() == null) {
        // Nothing held: wait for the deliveries in flight (or a wake), then look once more.
        Workflow.await(() -> woken || deliveries.allEnded());
        if (!woken) {
          deliveries.prune();
          boolean nothingLeft = deliveries.isEmpty() && storage.gather(userId).equals(empty());
          // A wake that came with that last look (a row held meanwhile) keeps the run going; one
          // that comes later starts a new run (signal-with-start).
          if (nothingLeft && !woken) {
            return;
          }
        }
      } else {
        Duration wait = Duration.between(now(), gathered.nextHeld());
        if (wait.compareTo(Duration.ZERO) > 0) {
          Workflow.await(wait, () -> woken);
        }
      }
    }
    // Deliveries in flight are rows: the next run's first gather finds those still owed.
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(userId);
  }

  private static DigestStore.Gathered empty() {
    return new DigestStore.Gathered(java.util.List.of(), null);
  }

  @Override
  public void wake() {
    woken = true;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
