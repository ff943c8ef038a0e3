package ai.torale.notify;

import ai.torale.search.Source;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.ActivityMethod;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Tells the owner: one activity per channel, so one failing channel never holds up another. */
@ActivityInterface
public interface NotifyActivities {

  /**
   * How a delivery is scheduled: each attempt up to 30 s, retried (the activity sets each delay by failure class)
   * for up to a day.
   */
  ActivityOptions OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setScheduleToCloseTimeout(Duration.ofHours(24))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMinutes(1))
          .setBackoffCoefficient(3.0)
          .setMaximumInterval(Duration.ofHours(1))
          .build())
      .build();

  @ActivityMethod(name = "Deliver")
  void deliver(Delivery delivery);

  /**
   * One message on one channel. {@code event} is {@code task.condition_met}, {@code task.failing} or
   * {@code task.recovered}; (executionId, channel type) identifies the delivery so it is never made twice.
   */
  record Delivery(
      String event,
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
      NotificationChannel channel) {}
}
