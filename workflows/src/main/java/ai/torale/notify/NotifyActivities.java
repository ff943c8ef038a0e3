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
   * failure class) for up to a day.
   */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofHours(24))
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
      NotificationChannel channel) {

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

    private static Delivery news(
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
