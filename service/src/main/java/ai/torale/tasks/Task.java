package ai.torale.tasks;

import ai.torale.digest.TaskDelivery;
import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import ai.torale.temporal.MonitoredTask;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
    JsonNode lastKnownState,
    UUID lastExecutionId,
    List<NotificationChannel> notifications,
    Instant stateChangedAt,
    Instant createdAt,
    Instant updatedAt,
    TaskDelivery delivery) {

  public Task withNotifications(List<NotificationChannel> channels) {
    return toBuilder().notifications(channels).build();
  }

  /** A task from scratch: private, no views, subscribers or checks yet, until set otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  /** This task with some fields changed. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .userId(userId)
        .name(name)
        .searchQuery(searchQuery)
        .conditionDescription(conditionDescription)
        .state(state)
        .nextRun(nextRun)
        .isPublic(isPublic)
        .viewCount(viewCount)
        .subscriberCount(subscriberCount)
        .forkedFromTaskId(forkedFromTaskId)
        .lastKnownState(lastKnownState)
        .lastExecutionId(lastExecutionId)
        .notifications(notifications)
        .stateChangedAt(stateChangedAt)
        .createdAt(createdAt)
        .updatedAt(updatedAt)
        .delivery(delivery);
  }

  /** Names each field where a task is made, instead of 17 positions. */
  public static final class Builder {
    private UUID id;
    private UUID userId;
    private String name;
    private String searchQuery;
    private String conditionDescription;
    private TaskState state;
    private Instant nextRun;
    private boolean isPublic;
    private int viewCount;
    private int subscriberCount;
    private UUID forkedFromTaskId;
    private JsonNode lastKnownState;
    private UUID lastExecutionId;
    private List<NotificationChannel> notifications;
    private Instant stateChangedAt;
    private Instant createdAt;
    private Instant updatedAt;
    private TaskDelivery delivery = TaskDelivery.IMMEDIATELY;

    private Builder() {}

    /** How findings go out; null reads as immediate. */
    public Builder delivery(TaskDelivery delivery) {
      this.delivery = delivery == null ? TaskDelivery.IMMEDIATELY : delivery;
      return this;
    }

    public Builder id(UUID id) {
      this.id = id;
      return this;
    }

    public Builder userId(UUID userId) {
      this.userId = userId;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder searchQuery(String searchQuery) {
      this.searchQuery = searchQuery;
      return this;
    }

    public Builder conditionDescription(String conditionDescription) {
      this.conditionDescription = conditionDescription;
      return this;
    }

    public Builder state(TaskState state) {
      this.state = state;
      return this;
    }

    public Builder nextRun(Instant nextRun) {
      this.nextRun = nextRun;
      return this;
    }

    public Builder isPublic(boolean isPublic) {
      this.isPublic = isPublic;
      return this;
    }

    public Builder viewCount(int viewCount) {
      this.viewCount = viewCount;
      return this;
    }

    public Builder subscriberCount(int subscriberCount) {
      this.subscriberCount = subscriberCount;
      return this;
    }

    public Builder forkedFromTaskId(UUID forkedFromTaskId) {
      this.forkedFromTaskId = forkedFromTaskId;
      return this;
    }

    public Builder lastKnownState(JsonNode lastKnownState) {
      this.lastKnownState = lastKnownState;
      return this;
    }

    public Builder lastExecutionId(UUID lastExecutionId) {
      this.lastExecutionId = lastExecutionId;
      return this;
    }

    public Builder notifications(List<NotificationChannel> notifications) {
      this.notifications = notifications;
      return this;
    }

    public Builder stateChangedAt(Instant stateChangedAt) {
      this.stateChangedAt = stateChangedAt;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Task build() {
      return new Task(
          id,
          userId,
          name,
          searchQuery,
          conditionDescription,
          state,
          nextRun,
          isPublic,
          viewCount,
          subscriberCount,
          forkedFromTaskId,
          lastKnownState,
          lastExecutionId,
          notifications,
          stateChangedAt,
          createdAt,
          updatedAt,
          delivery);
    }
  }

  /** The task as its monitor is started and steered. */
  public MonitoredTask monitored() {
    return new MonitoredTask(id, userId, name, searchQuery, conditionDescription, state, nextRun);
  }

  public boolean ownedBy(UUID user) {
    return userId.equals(user);
  }
}
