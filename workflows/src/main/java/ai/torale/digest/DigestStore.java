package ai.torale.digest;

import ai.torale.notify.DeliveryStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The storage digests need; the service implements it on PostgreSQL. */
public interface DigestStore {

  /**
   * In one transaction, under row locks that concurrent gatherers skip: every delivery of the user
   * held until {@code now} or earlier becomes part of one digest per channel (the digest is stored
   * as a delivery of its own, its members marked with its id and finished), except a channel's lone
   * delivery held only by quiet hours, which is released to go out as itself. Then answers every
   * delivery the user's digest workflow owes (digests and released deliveries not finished yet,
   * made by this call or an earlier one), without their items, and when the next held delivery is
   * due.
   */
  Gathered gather(UUID userId, Instant now);

  /**
   * {@code owed}: deliveries to make, at their next attempt time; {@code nextHeld}: when the user's
   * earliest delivery still held is due, null when none is.
   */
  record Gathered(List<DeliveryStore.Outstanding> owed, Instant nextHeld) {
    public Gathered {
      owed = owed == null ? List.of() : List.copyOf(owed);
    }
  }
}
