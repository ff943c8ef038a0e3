package ai.torale.executions;

import ai.torale.db.Columns;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * An executions row as an {@link Execution}, without the constructor mapper's per-query reflection.
 */
public final class ExecutionMapper implements RowMapper<Execution> {
  @Override
  public Execution map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Execution(
        Columns.uuid(rs, "id"),
        Columns.uuid(rs, "task_id"),
        Columns.mapped(rs, "status", ctx, ExecutionStatus.class),
        Columns.mapped(rs, "trigger", ctx, CheckTrigger.class),
        Columns.instant(rs, "started_at"),
        Columns.instant(rs, "completed_at"),
        Columns.jsonText(rs, "result"),
        rs.getString("error_message"),
        rs.getString("internal_error"),
        rs.getString("notification"),
        Columns.jsonText(rs, "grounding_sources"),
        Columns.instant(rs, "created_at"));
  }
}
