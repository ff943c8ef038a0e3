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

  static SearchAttributeUpdate<?>[] changes(
      TaskState state, Instant nextRun, LastOutcome lastOutcome) {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    updates.add(SearchAttributeUpdate.valueSet(STATE, state.wire()));
    updates.add(
        nextRun == null
            ? SearchAttributeUpdate.valueUnset(NEXT_RUN)
            : SearchAttributeUpdate.valueSet(NEXT_RUN, nextRun.atOffset(ZoneOffset.UTC)));
    if (lastOutcome != null) {
      updates.add(SearchAttributeUpdate.valueSet(LAST_OUTCOME, lastOutcome.wire()));
    }
    return updates.toArray(SearchAttributeUpdate<?>[]::new);
  }
}
