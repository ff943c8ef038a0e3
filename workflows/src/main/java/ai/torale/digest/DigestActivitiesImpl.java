package ai.torale.digest;

import java.time.Clock;
import java.util.UUID;

/** Digest bookkeeping on the service's storage, at the worker's clock. */
public class DigestActivitiesImpl implements DigestActivities {
  private final DigestStore store;
  private final Clock clock;

  public DigestActivitiesImpl(DigestStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public DigestStore.Gathered gather(UUID userId) {
    return store.gather(userId, clock.instant());
  }
}
