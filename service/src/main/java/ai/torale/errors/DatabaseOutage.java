package ai.torale.errors;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells an unreachable database apart from a bug, so the API answers 503 for the one and 500 for
 * the other.
 */
public final class DatabaseOutage {
  private DatabaseOutage() {}

  public static boolean causedBy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.jdbi.v3.core.ConnectionException
          || t instanceof SQLTransientConnectionException) {
        return true;
      }
      // 08: connection exceptions; 57P: the server is shutting down or not accepting connections
      // yet.
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
