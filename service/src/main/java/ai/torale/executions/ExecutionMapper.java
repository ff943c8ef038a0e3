package ai.torale.executions;

import ai.torale.db.Columns;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * An executions row as an {@link Execution}, without the constructor mapper's per-query reflection.
 */
public final class ExecutionMapper implements RowMapper<Execution> {
  private static final List<String> COLUMNS =
      List.of(
          "id",
          "task_id",
          "status",
          "trigger",
          "started_at",
          "completed_at",
          "result",
          "error_message",
          "internal_error",
          "notification",
          "grounding_sources",
          "created_at");

  private final String prefix;

  public ExecutionMapper() {
    this("");
  }

  /**
   * Reads the columns named {@code prefix} + the executions column, as {@link #selectList} names
   * them in a join.
   */
  public ExecutionMapper(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The select list of every column of the executions table {@code alias}, each {@code prefix}ed.
   */
  public static String selectList(String alias, String prefix) {
    return COLUMNS.stream()
        .map(c -> alias + "." + c + " AS " + prefix + c)
        .collect(Collectors.joining(", "));
  }

  @Override
  public Execution map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Execution(
        Columns.uuid(rs, prefix + "id"),
        Columns.uuid(rs, prefix + "task_id"),
        Columns.mapped(rs, prefix + "status", ctx, ExecutionStatus.class),
        Columns.mapped(rs, prefix + "trigger", ctx, CheckTrigger.class),
        Columns.instant(rs, prefix + "started_at"),
        Columns.instant(rs, prefix + "completed_at"),
        Columns.jsonText(rs, prefix + "result"),
        rs.getString(prefix + "error_message"),
        rs.getString(prefix + "internal_error"),
        rs.getString(prefix + "notification"),
        Columns.jsonText(rs, prefix + "grounding_sources"),
        Columns.instant(rs, prefix + "created_at"));
  }

  /** The execution of an outer join's row; null when the row has none. */
  public Execution mapIfAny(ResultSet rs, StatementContext ctx) throws SQLException {
    return rs.getObject(prefix + "id") == null ? null : map(rs, ctx);
  }
}
