package ai.torale.executions;

import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.json.Json;

/** One check of a task, as stored. {@code internalError} keeps the raw provider error and is never served. */
public record Execution(
    UUID id,
    UUID taskId,
    ExecutionStatus status,
    CheckTrigger trigger,
    Instant startedAt,
    Instant completedAt,
    @Json JsonNode result,
    String errorMessage,
    String internalError,
    String notification,
    @Json JsonNode groundingSources,
    Instant createdAt) {}
