package ai.torale.temporal;

import ai.torale.monitor.TaskState;
import java.time.Instant;
import java.util.UUID;

/**
 * What a monitor is started and steered with: the task's identity, question and schedule, as plain
 * values.
 */
public record MonitoredTask(
    UUID id,
    UUID userId,
    String name,
    String searchQuery,
    String conditionDescription,
    TaskState state,
    Instant nextRun) {}
