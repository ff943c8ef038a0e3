package ai.torale.auth;

import ai.torale.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A users row as a {@link User}; read on every authenticated request, so without per-query
 * reflection.
 */
public final class UserMapper implements RowMapper<User> {
  @Override
  public User map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new User(
        Columns.uuid(rs, "id"),
        rs.getString("email"),
        rs.getBoolean("is_admin"),
        Columns.instant(rs, "created_at"));
  }
}
