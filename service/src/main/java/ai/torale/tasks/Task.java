package ai.torale.tasks;

import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import ai.torale.temporal.MonitoredTask;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.json.Json;

/** A monitoring task as stored. */
public record Task(
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
    @Json JsonNode lastKnownState,
    UUID lastExecutionId,
    @Json List<NotificationChannel> notifications,
    Instant stateChangedAt,
    Instant createdAt,
    Instant updatedAt) {

  public Task withNotifications(List<NotificationChannel> channels) {
    return new Task(id, userId, name, searchQuery, conditionDescription, state, nextRun, isPublic, viewCount,
        subscriberCount, forkedFromTaskId, lastKnownState, lastExecutionId, channels, stateChangedAt, createdAt,
        updatedAt);
  }

  /** The task as its monitor is started and steered. */
  public MonitoredTask monitored() {
    return new MonitoredTask(id, userId, name, searchQuery, conditionDescription, state, nextRun);
  }

  public boolean ownedBy(UUID user) {
    return userId.equals(user);
  }
}
