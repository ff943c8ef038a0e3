package ai.torale.tasks;

import ai.torale.db.Columns;
import ai.torale.digest.TaskDelivery;
import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A tasks row as a {@link Task}. Written out because Jdbi's constructor mapper re-inspects the
 * record by reflection for every query; tasks are read on every API call and every check.
 */
public final class TaskMapper implements RowMapper<Task> {
  private static final JavaType CHANNELS =
      TypeFactory.defaultInstance().constructCollectionType(List.class, NotificationChannel.class);

  @Override
  public Task map(ResultSet rs, StatementContext ctx) throws SQLException {
    return Task.builder()
        .id(Columns.uuid(rs, "id"))
        .userId(Columns.uuid(rs, "user_id"))
        .name(rs.getString("name"))
        .searchQuery(rs.getString("search_query"))
        .conditionDescription(rs.getString("condition_description"))
        .state(Columns.mapped(rs, "state", ctx, TaskState.class))
        .nextRun(Columns.instant(rs, "next_run"))
        .isPublic(rs.getBoolean("is_public"))
        .viewCount(rs.getInt("view_count"))
        .subscriberCount(rs.getInt("subscriber_count"))
        .forkedFromTaskId(Columns.uuid(rs, "forked_from_task_id"))
        .lastKnownState(Columns.json(rs, "last_known_state", ctx, JsonNode.class))
        .lastExecutionId(Columns.uuid(rs, "last_execution_id"))
        .notifications(Columns.json(rs, "notifications", ctx, CHANNELS))
        .stateChangedAt(Columns.instant(rs, "state_changed_at"))
        .createdAt(Columns.instant(rs, "created_at"))
        .updatedAt(Columns.instant(rs, "updated_at"))
        .delivery(Columns.json(rs, "delivery", ctx, TaskDelivery.class))
        .build();
  }
}
