package ai.torale.notify;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage notification delivery needs; the service implements it on PostgreSQL. Together with
 * the claim it makes each delivery happen at most once per recorded success, whatever retries,
 * duplicate activity executions or worker restarts happen.
 */
public interface DeliveryStore {

  /** The answer to {@link #claim}. */
  enum Claim {
    /**
     * This caller may attempt the delivery now; the claim holds until {@code until} or the next
     * recorded attempt.
     */
    ACQUIRED,
    /** An attempt was recorded as delivered: nothing more to do. */
    ALREADY_DELIVERED,
    /** Another attempt holds an unexpired claim (an activity attempt that outlived its timeout). */
    IN_PROGRESS
  }

  /**
   * Atomically: if the delivery was delivered, {@code ALREADY_DELIVERED}; else if another claim
   * runs past {@code now}, {@code IN_PROGRESS}; else claim it until {@code until} and answer {@code
   * ACQUIRED}. One SQL statement does it: an upsert on the delivery id whose update only takes a
   * row neither delivered nor claimed.
   */
  Claim claim(DeliveryKey key, Instant now, Instant until);

  /**
   * Records an attempt and releases the claim; a {@code DELIVERED} attempt marks the delivery
   * delivered for good.
   */
  void recordAttempt(DeliveryAttempt attempt);

  /**
   * The signing secret of the task's webhook at {@code url}, read at delivery: secrets stay out of
   * workflow payloads (which operators can read in the Temporal UI). Empty when the task no longer
   * has that webhook.
   */
  Optional<String> webhookSecret(UUID taskId, String url);

  /** Emails delivered to this address (lower case) at or after {@code since}, across all users. */
  int emailsDeliveredTo(String address, Instant since);

  /** Emails delivered on the channels of this user's tasks at or after {@code since}. */
  int emailsDeliveredFor(UUID userId, Instant since);
}
