package ai.torale.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The storage notification delivery needs; the service implements it on PostgreSQL. Together with
 * the claim it makes each delivery happen at most once per recorded success, whatever retries,
 * duplicate activity executions or worker restarts happen; and every delivery a check queued is an
 * obligation in storage until it is delivered or given up, so a restart resumes it.
 */
public interface DeliveryStore {

  /** The answer to {@link #claim}. */
  enum Claim {
    /**
     * This caller may attempt the delivery now; the claim holds until {@code until} or the next
     * recorded attempt.
     */
    ACQUIRED,
    /** The delivery was delivered, or given up: nothing more to do. */
    FINISHED,
    /** Another attempt holds an unexpired claim (an activity attempt that outlived its timeout). */
    IN_PROGRESS
  }

  /**
   * What a claim found: the answer, and for {@code ACQUIRED} the delivery as stored (the payload
   * recorded with the check, which a restart cannot change), the attempts made so far and when it
   * was first queued (retries stop a day after that).
   */
  record Claimed(
      Claim claim, NotifyActivities.Delivery delivery, int attemptsMade, Instant queued) {}

  /** A delivery still owed: neither delivered nor given up, with when its next attempt is due. */
  record Outstanding(NotifyActivities.Delivery delivery, Instant nextAttemptAt) {}

  /**
   * Atomically: if the delivery is finished, {@code FINISHED}; else if another claim runs past
   * {@code now}, {@code IN_PROGRESS}; else claim it until {@code until} and answer {@code ACQUIRED}
   * with the stored delivery. A delivery storage does not hold yet (queued by an older version,
   * which did not record obligations) is stored from {@code delivery} first.
   */
  Claimed claim(NotifyActivities.Delivery delivery, DeliveryKey key, Instant now, Instant until);

  /**
   * Records an attempt and releases the claim: a {@code DELIVERED} attempt marks the delivery
   * delivered, another final result gives it up, and a {@code RETRYING} one sets its next attempt
   * to {@code nextAttemptAt}.
   */
  void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt);

  /** The task's deliveries still owed, oldest first. */
  List<Outstanding> outstanding(UUID taskId);

  /**
   * The task's channel of this type as stored, credentials included, read at delivery: a webhook's
   * secret and headers, a chat URL or a token never travel in a workflow payload (which operators
   * can read in the Temporal UI). Empty when the task no longer has such a channel (a task has at
   * most one of each type).
   */
  Optional<NotificationChannel> channel(UUID taskId, String type);

  /** Emails delivered to this address (lower case) at or after {@code since}, across all users. */
  int emailsDeliveredTo(String address, Instant since);

  /** Emails delivered on the channels of this user's tasks at or after {@code since}. */
  int emailsDeliveredFor(UUID userId, Instant since);
}
