package ai.torale.checks;

import ai.torale.monitor.CheckResult;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A task's {@code last_known_state}: the last successful check's verdict in brief, as the API
 * serves it. Written by a writer of the service's mapper, whose buffers come from a shared pool: a
 * tree's {@code toString} writes through Jackson's internal writer, whose buffers are kept per
 * thread and so are new on every virtual thread.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"condition_met", "answer", "confidence", "topic", "checked_at"})
record LastKnownState(
    boolean conditionMet, String answer, int confidence, String topic, String checkedAt) {
  static LastKnownState of(CheckResult result, Instant checkedAt) {
    return new LastKnownState(
        result.conditionMet(),
        result.answer(),
        result.confidence(),
        result.topic(),
        checkedAt.toString());
  }
}
