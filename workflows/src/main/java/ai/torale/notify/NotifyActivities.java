package ai.torale.notify;

import ai.torale.search.Source;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Tells the owner: one activity per channel, so one failing channel never holds up another. */
@ActivityInterface
public interface NotifyActivities {

  /**
   * How a delivery is scheduled: each attempt up to 30 s, retried (the activity sets each delay by
   * failure class and ends the retries a day after the delivery was queued, as stored).
   */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          // The stored deadline ends the retries; this bound only keeps a lost one from lingering.
          .setScheduleToCloseTimeout(Duration.ofHours(25))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMinutes(1))
                  .setBackoffCoefficient(3.0)
                  .setMaximumInterval(Duration.ofHours(1))
                  .build())
          .build();

  @ActivityMethod(name = "Deliver")
  void deliver(Delivery delivery);

  /**
   * The task's deliveries still owed (delivered neither nor given up), for a monitor that resumes
   * them: after a restart or a continue-as-new, which end the activities of the run before.
   */
  @ActivityMethod(name = "FindOutstandingDeliveries")
  List<DeliveryStore.Outstanding> outstanding(UUID taskId);

  /** How long a delivery is retried, from the moment its check queued it. */
  Duration GIVE_UP_AFTER = Duration.ofHours(24);

  /**
   * One message on one channel; (executionId, channel, event) identifies the delivery so it is
   * never made twice. Built by {@link #conditionMet}, {@link #recovered} or {@link #failing}, one
   * per channel.
   */
  record Delivery(
      NotificationEvent event,
      UUID taskId,
      UUID userId,
      String taskName,
      String query,
      String condition,
      UUID executionId,
      String notification,
      String answer,
      List<Source> sources,
      String errorMessage,
      Instant completedAt,
      Instant nextRun,
      NotificationChannel channel,
      List<Delivery> items) {

    /** A delivery of one task's event: no items. */
    public Delivery(
        NotificationEvent event,
        UUID taskId,
        UUID userId,
        String taskName,
        String query,
        String condition,
        UUID executionId,
        String notification,
        String answer,
        List<Source> sources,
        String errorMessage,
        Instant completedAt,
        Instant nextRun,
        NotificationChannel channel) {
      this(
          event,
          taskId,
          userId,
          taskName,
          query,
          condition,
          executionId,
          notification,
          answer,
          sources,
          errorMessage,
          completedAt,
          nextRun,
          channel,
          null);
    }

    /**
     * A digest: the held deliveries {@code items} (one channel's, in the order they were queued) in
     * one message on {@code channel}. {@code digestId} stands where an execution id stands in the
     * key, so every attempt of the digest has one delivery id.
     */
    public static Delivery digest(
        UUID digestId,
        UUID userId,
        Instant createdAt,
        NotificationChannel channel,
        List<Delivery> items) {
      return new Delivery(
          NotificationEvent.DIGEST,
          null,
          userId,
          null,
          null,
          null,
          digestId,
          null,
          null,
          List.of(),
          null,
          createdAt,
          null,
          channel,
          List.copyOf(items));
    }

    /** The same digest without its items, as the workflow hands it to Deliver: the row has them. */
    public Delivery withoutItems() {
      return items == null ? this : with(nextRun, null);
    }

    /** The items of a digest; empty for one task's event. */
    public List<Delivery> digestItems() {
      return items == null ? List.of() : items;
    }

    /**
     * The task whose stored channel holds this delivery's credentials (a webhook's secret and
     * headers, a chat URL): its own, or for a digest the first item's (every item is for this
     * channel).
     */
    public UUID credentialTask() {
      return taskId != null || digestItems().isEmpty() ? taskId : items.get(0).taskId();
    }

    /** What makes it one delivery, whatever the attempt, worker or restart. */
    public DeliveryKey key() {
      return new DeliveryKey(executionId, channel.type(), channel.target(), event.wire());
    }

    /** The same message, telling the task's next run as the check's record stored it. */
    public Delivery withNextRun(Instant at) {
      return with(at, items);
    }

    private Delivery with(Instant at, List<Delivery> withItems) {
      return new Delivery(
          event,
          taskId,
          userId,
          taskName,
          query,
          condition,
          executionId,
          notification,
          answer,
          sources,
          errorMessage,
          completedAt,
          at,
          channel,
          withItems);
    }

    /** The task a delivery is about, as the check read it. */
    public record About(
        UUID taskId, UUID userId, String taskName, String query, String condition) {}

    /** The condition holds and the answer is news: the check's notification, answer and sources. */
    public static Delivery conditionMet(
        About task,
        UUID executionId,
        String notification,
        String answer,
        List<Source> sources,
        Instant completedAt,
        Instant nextRun,
        NotificationChannel channel) {
      return news(
          NotificationEvent.CONDITION_MET,
          task,
          executionId,
          notification,
          answer,
          sources,
          completedAt,
          nextRun,
          channel);
    }

    /** A failing task's check worked again: what that check found. */
    public static Delivery recovered(
        About task,
        UUID executionId,
        String notification,
        String answer,
        List<Source> sources,
        Instant completedAt,
        Instant nextRun,
        NotificationChannel channel) {
      return news(
          NotificationEvent.RECOVERED,
          task,
          executionId,
          notification,
          answer,
          sources,
          completedAt,
          nextRun,
          channel);
    }

    /** Checks have failed several times in a row: the last one's error, and no answer. */
    public static Delivery failing(
        About task,
        UUID executionId,
        String errorMessage,
        Instant completedAt,
        Instant nextRun,
        NotificationChannel channel) {
      return new Delivery(
          NotificationEvent.FAILING,
          task.taskId(),
          task.userId(),
          task.taskName(),
          task.query(),
          task.condition(),
          executionId,
          null,
          null,
          List.of(),
          errorMessage,
          completedAt,
          nextRun,
          channel);
    }

    /** News of a check that worked: {@code CONDITION_MET} or {@code RECOVERED}. */
    public static Delivery news(
        NotificationEvent event,
        About task,
        UUID executionId,
        String notification,
        String answer,
        List<Source> sources,
        Instant completedAt,
        Instant nextRun,
        NotificationChannel channel) {
      return new Delivery(
          event,
          task.taskId(),
          task.userId(),
          task.taskName(),
          task.query(),
          task.condition(),
          executionId,
          notification,
          answer,
          sources,
          null,
          completedAt,
          nextRun,
          channel);
    }
  }
}
