package ai.torale.errors;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells an unreachable or contended database apart from a bug, so the API answers 503 for the one
 * and 500 for the other.
 */
public final class DatabaseOutage {
  /**
   * Deadlock detected, serialization failure, lock not available: PostgreSQL ended the transaction
   * to let another one through; the request changed nothing and may simply be sent again.
   */
  private static final Set<String> CONTENTION = Set.of("40P01", "40001", "55P03");

  private DatabaseOutage() {}

  public static boolean causedBy(Throwable e) {
    // 08: connection exceptions; 57P: the server is shutting down or not accepting connections
    // yet.
    return Causes.first(
            e,
            t ->
                t instanceof org.jdbi.v3.core.ConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql
                        && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08")
                            || sql.getSQLState().startsWith("57P")))
        .isPresent();
  }

  /**
   * PostgreSQL's own error when it ended the request's transaction for another's sake (see
   * CONTENTION): its message names no statement and no argument, so it may be logged.
   */
  public static Optional<SQLException> contention(Throwable e) {
    return Causes.first(
            e, t -> t instanceof SQLException sql && CONTENTION.contains(sql.getSQLState()))
        .map(SQLException.class::cast);
  }
}
