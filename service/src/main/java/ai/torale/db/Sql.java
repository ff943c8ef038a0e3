package ai.torale.db;

import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** What a failed statement says, by PostgreSQL's SQLSTATE. */
public final class Sql {
  private static final String UNIQUE_VIOLATION = "23505";

  private Sql() {}

  public static boolean uniqueViolation(UnableToExecuteStatementException e) {
    return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
  }
}
