package ai.torale.monitor;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The custom search attributes operators filter monitors by in the Temporal UI, e.g. {@code
 * ToraleLastOutcome = "failed"} or {@code ToraleState = "paused"}.
 */
public final class MonitorSearchAttributes {
  public static final SearchAttributeKey<String> TASK_ID =
      SearchAttributeKey.forKeyword("ToraleTaskId");
  public static final SearchAttributeKey<String> USER_ID =
      SearchAttributeKey.forKeyword("ToraleUserId");
  public static final SearchAttributeKey<String> STATE =
      SearchAttributeKey.forKeyword("ToraleState");
  public static final SearchAttributeKey<OffsetDateTime> NEXT_RUN =
      SearchAttributeKey.forOffsetDateTime("ToraleNextRun");
  public static final SearchAttributeKey<String> LAST_OUTCOME =
      SearchAttributeKey.forKeyword("ToraleLastOutcome");

  /** Names and kinds, for registering them on a namespace. */
  public static final Map<String, io.temporal.api.enums.v1.IndexedValueType> ALL =
      Map.of(
          "ToraleTaskId", io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "ToraleUserId", io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "ToraleState", io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "ToraleNextRun", io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
          "ToraleLastOutcome",
              io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);

  private MonitorSearchAttributes() {}

  /** What a monitor starts with. */
  public static SearchAttributes initial(
      UUID taskId, UUID userId, TaskState state, Instant nextRun) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(TASK_ID, taskId.toString())
            .set(USER_ID, userId.toString())
            .set(STATE, state.wire());
    if (nextRun != null) {
      attributes.set(NEXT_RUN, nextRun.atOffset(ZoneOffset.UTC));
    }
    return attributes.build();
  }

  /** What a monitor publishes; {@code lastOutcome} is null before its first check. */
  record Values(TaskState state, Instant nextRun, LastOutcome lastOutcome) {}

  /**
   * The updates that take the attributes from {@code before} (null: nothing published by this run
   * yet, so all of them) to {@code after}; none when nothing changed.
   */
  static SearchAttributeUpdate<?>[] changes(Values before, Values after) {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    if (before == null || before.state() != after.state()) {
      updates.add(SearchAttributeUpdate.valueSet(STATE, after.state().wire()));
    }
    if (before == null || !Objects.equals(before.nextRun(), after.nextRun())) {
      updates.add(
          after.nextRun() == null
              ? SearchAttributeUpdate.valueUnset(NEXT_RUN)
              : SearchAttributeUpdate.valueSet(NEXT_RUN, after.nextRun().atOffset(ZoneOffset.UTC)));
    }
    if (after.lastOutcome() != null
        && (before == null || before.lastOutcome() != after.lastOutcome())) {
      updates.add(SearchAttributeUpdate.valueSet(LAST_OUTCOME, after.lastOutcome().wire()));
    }
    return updates.toArray(SearchAttributeUpdate<?>[]::new);
  }
}
