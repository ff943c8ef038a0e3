package ai.torale.executions;

import ai.torale.db.JsonText;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * One check of a task, as stored. {@code internalError} keeps the raw provider error and is never
 * served.
 */
public record Execution(
    UUID id,
    UUID taskId,
    ExecutionStatus status,
    CheckTrigger trigger,
    Instant startedAt,
    Instant completedAt,
    JsonText result,
    String errorMessage,
    String internalError,
    String notification,
    JsonText groundingSources,
    Instant createdAt) {}
