package ai.torale.tasks;

import ai.torale.digest.TaskDelivery;
import ai.torale.executions.ExecutionView;
import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The contract's Task object. Non-owners of a public task get it scrubbed of notification and
 * failure details, and without its feed URL.
 */
public record TaskView(
    UUID id,
    UUID userId,
    String name,
    String searchQuery,
    String conditionDescription,
    TaskState state,
    Instant nextRun,
    boolean isPublic,
    int viewCount,
    int subscriberCount,
    UUID forkedFromTaskId,
    JsonNode lastKnownState,
    UUID lastExecutionId,
    ExecutionView lastExecution,
    List<NotificationChannel> notifications,
    String notificationEmail,
    String webhookUrl,
    Instant stateChangedAt,
    Instant createdAt,
    Instant updatedAt,
    TaskDelivery delivery,
    String feedUrl) {

  /**
   * {@code feedUrl}: the private feed's path with its current token, or null when the task has no
   * feed token.
   */
  public static TaskView forOwner(Task t, ExecutionView lastExecution, String feedUrl) {
    List<NotificationChannel> channels = t.notifications() == null ? List.of() : t.notifications();
    return new TaskView(
        t.id(),
        t.userId(),
        t.name(),
        t.searchQuery(),
        t.conditionDescription(),
        t.state(),
        t.nextRun(),
        t.isPublic(),
        t.viewCount(),
        t.subscriberCount(),
        t.forkedFromTaskId(),
        t.lastKnownState(),
        t.lastExecutionId(),
        lastExecution,
        channels,
        emailOf(channels),
        webhookOf(channels),
        t.stateChangedAt(),
        t.createdAt(),
        t.updatedAt(),
        t.delivery(),
        feedUrl);
  }

  /** {@code notification_email}: the address of the task's email channel, if it has one. */
  static String emailOf(List<NotificationChannel> channels) {
    return channels.stream()
        .filter(NotificationChannel::isEmail)
        .map(NotificationChannel::address)
        .findFirst()
        .orElse(null);
  }

  /** {@code webhook_url}: the URL of the task's webhook channel, if it has one. */
  static String webhookOf(List<NotificationChannel> channels) {
    return channels.stream()
        .filter(NotificationChannel::isWebhook)
        .map(NotificationChannel::url)
        .findFirst()
        .orElse(null);
  }

  /**
   * The owner's view of the task with no notification settings (no channels, no address, no URL, no
   * feed URL) and a neutral error message on its last check. The owner's {@code user_id} stays: the
   * contract's Task requires it.
   */
  public static TaskView forPublic(Task t, ExecutionView lastExecution) {
    return forOwner(
        t.withNotifications(List.of()),
        lastExecution == null ? null : lastExecution.forPublic(),
        null);
  }
}
