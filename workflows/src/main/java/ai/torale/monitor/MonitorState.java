package ai.torale.monitor;

import java.time.Instant;
import java.util.UUID;

/**
 * What the {@code state} query answers: the workflow's view of its task, for operators and the API.
 */
public record MonitorState(
    UUID taskId,
    TaskState state,
    Instant nextRun,
    UUID runningExecutionId,
    Instant runningSince,
    int consecutiveFailures,
    long checksRun,
    LastOutcome lastOutcome) {}
