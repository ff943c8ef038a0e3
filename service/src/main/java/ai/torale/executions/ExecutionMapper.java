package ai.torale.executions;

import ai.torale.app.Columns;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** An executions row as an {@link Execution}, without the constructor mapper's per-query reflection. */
public final class ExecutionMapper implements RowMapper<Execution> {
  private static final List<String> COLUMNS = List.of("id", "task_id", "status", "trigger", "started_at",
      "completed_at", "result", "error_message", "internal_error", "notification", "grounding_sources",
      "created_at");

  private final String prefix;

  public ExecutionMapper() {
    this("");
  }

  /** Reads the columns as {@link #select} names them for a join; a row without an execution maps to null. */
  public ExecutionMapper(String prefix) {
    this.prefix = prefix;
  }

  /** The select list of table alias {@code alias}'s columns, each named {@code prefix + column}. */
  public static String select(String alias, String prefix) {
    return COLUMNS.stream().map(c -> alias + "." + c + " AS " + prefix + c).collect(Collectors.joining(", "));
  }

  @Override
  public Execution map(ResultSet rs, StatementContext ctx) throws SQLException {
    java.util.UUID id = Columns.uuid(rs, prefix + "id");
    if (id == null) {
      return null;
    }
    return new Execution(
        id,
        Columns.uuid(rs, prefix + "task_id"),
        Columns.mapped(rs, prefix + "status", ctx, ExecutionStatus.class),
        Columns.mapped(rs, prefix + "trigger", ctx, CheckTrigger.class),
        Columns.instant(rs, prefix + "started_at"),
        Columns.instant(rs, prefix + "completed_at"),
        Columns.json(rs, prefix + "result", ctx, JsonNode.class),
        rs.getString(prefix + "error_message"),
        rs.getString(prefix + "internal_error"),
        rs.getString(prefix + "notification"),
        Columns.json(rs, prefix + "grounding_sources", ctx, JsonNode.class),
        Columns.instant(rs, prefix + "created_at"));
  }
}
