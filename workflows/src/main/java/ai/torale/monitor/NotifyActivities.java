package ai.torale.monitor;

import ai.torale.notify.NotificationChannel;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Tells the owner: one activity per channel, so one failing channel never holds up another. */
@ActivityInterface
public interface NotifyActivities {

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
      List<ai.torale.search.Source> sources,
      String errorMessage,
      Instant completedAt,
      Instant nextRun,
      NotificationChannel channel) {}
}
