package ai.torale.executions;

import ai.torale.db.JsonText;
import ai.torale.monitor.ExecutionStatus;
import java.time.Instant;
import java.util.UUID;

/** An execution as the API serves it (the contract's execution object). */
public record ExecutionView(
    UUID id,
    UUID taskId,
    ExecutionStatus status,
    Instant startedAt,
    Instant completedAt,
    JsonText result,
    String errorMessage,
    String notification,
    JsonText groundingSources,
    Instant createdAt) {

  /**
   * What non-owners of a public task are told of a failed check, whose real reason may describe the
   * server.
   */
  public static final String PUBLIC_ERROR = "The check failed";

  public static ExecutionView of(Execution e) {
    return new ExecutionView(
        e.id(),
        e.taskId(),
        e.status(),
        e.startedAt(),
        e.completedAt(),
        e.result(),
        e.errorMessage(),
        e.notification(),
        e.groundingSources(),
        e.createdAt());
  }

  /**
   * The execution as a non-owner sees it: a failure's reason (e.g. the operator's provider key) is
   * not theirs.
   */
  public ExecutionView forPublic() {
    return errorMessage == null
        ? this
        : new ExecutionView(
            id,
            taskId,
            status,
            startedAt,
            completedAt,
            result,
            PUBLIC_ERROR,
            notification,
            groundingSources,
            createdAt);
  }
}
