package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.search.Source;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The JSON envelope every webhook receives. The id is the delivery id and {@code created_at} the
 * moment the workflow decided to notify, so every retry carries the same body; only the signature's
 * timestamp changes.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookEvent(
    UUID id, String eventType, Instant createdAt, String object, String apiVersion, Data data) {
  public static final String TEST = "test";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /**
   * Fields that do not apply to an event (result of a failing task, error of a met condition) are
   * left out.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Data(
      TaskData task,
      ExecutionData execution,
      ResultData result,
      String error,
      String message,
      List<WebhookEvent> items) {
    Data(TaskData task, ExecutionData execution, ResultData result, String error, String message) {
      this(task, execution, result, error, message, null);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TaskData(UUID id, String name, String searchQuery, String conditionDescription) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ExecutionData(UUID id, String notification, Instant completedAt) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ResultData(String answer, List<Source> groundingSources) {}

  public static WebhookEvent of(Delivery d, UUID deliveryId) {
    if (d.event() == NotificationEvent.DIGEST) {
      // Each finding as the event it would have been on its own, with that event's id.
      List<WebhookEvent> items = d.digestItems().stream().map(i -> of(i, i.key().id())).toList();
      Data data = new Data(null, null, null, null, null, items);
      return new WebhookEvent(deliveryId, d.event().wire(), d.completedAt(), "event", "v1", data);
    }
    ResultData result =
        d.answer() == null
            ? null
            : new ResultData(d.answer(), d.sources() == null ? List.of() : d.sources());
    Data data =
        new Data(
            new TaskData(d.taskId(), d.taskName(), d.query(), d.condition()),
            new ExecutionData(d.executionId(), d.notification(), d.completedAt()),
            result,
            d.errorMessage(),
            null);
    return new WebhookEvent(deliveryId, d.event().wire(), d.completedAt(), "event", "v1", data);
  }

  /**
   * The event {@code POST /api/v1/webhooks/test} sends, so a receiver can check its signature
   * handling.
   */
  public static WebhookEvent test(UUID id, Instant now) {
    Data data = new Data(null, null, null, null, "This is a test event from Torale.");
    return new WebhookEvent(id, TEST, now, "event", "v1", data);
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
