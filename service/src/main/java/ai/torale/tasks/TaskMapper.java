package ai.torale.tasks;

import ai.torale.app.Columns;
import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.jackson2.Jackson2Config;

/**
 * A tasks row as a {@link Task}. Written out because Jdbi's constructor mapper re-inspects the record by
 * reflection for every query; tasks are read on every API call and every check.
 */
public final class TaskMapper implements RowMapper<Task> {
  private static final TypeReference<List<NotificationChannel>> CHANNELS = new TypeReference<>() {};

  @Override
  public Task map(ResultSet rs, StatementContext ctx) throws SQLException {
    ObjectMapper json = ctx.getConfig(Jackson2Config.class).getMapper();
    return new Task(
        Columns.uuid(rs, "id"),
        Columns.uuid(rs, "user_id"),
        rs.getString("name"),
        rs.getString("search_query"),
        rs.getString("condition_description"),
        TaskState.fromWire(rs.getString("state")),
        Columns.instant(rs, "next_run"),
        rs.getBoolean("is_public"),
        rs.getInt("view_count"),
        rs.getInt("subscriber_count"),
        Columns.uuid(rs, "forked_from_task_id"),
        read(json, rs.getString("last_known_state"), json.constructType(JsonNode.class)),
        Columns.uuid(rs, "last_execution_id"),
        read(json, rs.getString("notifications"), json.getTypeFactory().constructType(CHANNELS)),
        Columns.instant(rs, "state_changed_at"),
        Columns.instant(rs, "created_at"),
        Columns.instant(rs, "updated_at"));
  }

  private static <T> T read(ObjectMapper json, String text, JavaType type) throws SQLException {
    if (text == null) {
      return null;
    }
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("Unreadable JSON column", e);
    }
  }
}
