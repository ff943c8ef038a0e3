package ai.torale.executions;

import ai.torale.monitor.ExecutionStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** An execution as the API serves it (the contract's execution object). */
public record ExecutionView(
    UUID id,
    UUID taskId,
    ExecutionStatus status,
    Instant startedAt,
    Instant completedAt,
    JsonNode result,
    String errorMessage,
    String notification,
    JsonNode groundingSources,
    Instant createdAt) {

  public static ExecutionView of(Execution e) {
    return new ExecutionView(e.id(), e.taskId(), e.status(), e.startedAt(), e.completedAt(), e.result(),
        e.errorMessage(), e.notification(), e.groundingSources(), e.createdAt());
  }
}
