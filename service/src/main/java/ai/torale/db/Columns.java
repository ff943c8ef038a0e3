package ai.torale.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.jackson2.Jackson2Config;

/**
 * Typed reads of nullable columns, for the hand-written row mappers of hot queries (Jdbi's
 * constructor mapper re-inspects a record by reflection for every query).
 */
public final class Columns {
  private Columns() {}

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  /**
   * A jsonb column read with the app's ObjectMapper (the one Jdbi's Jackson plugin writes with).
   */
  public static <T> T json(ResultSet rs, String column, StatementContext ctx, Class<T> type)
      throws SQLException {
    return json(rs, column, ctx, TypeFactory.defaultInstance().constructType(type));
  }

  public static <T> T json(ResultSet rs, String column, StatementContext ctx, JavaType type)
      throws SQLException {
    String text = rs.getString(column);
    if (text == null) {
      return null;
    }
    try {
      return ctx.getConfig(Jackson2Config.class).getMapper().readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("Unreadable JSON in column " + column, e);
    }
  }

  /** A jsonb column's text, to serve as it is. */
  public static JsonText jsonText(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : new JsonText(text);
  }

  /** An enum column by the column mapper registered for it (the wire words of JdbiSetup). */
  public static <E> E mapped(ResultSet rs, String column, StatementContext ctx, Class<E> type)
      throws SQLException {
    return ctx.findColumnMapperFor(type).orElseThrow().map(rs, column, ctx);
  }
}
