package ai.torale.db;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * One table's retention rule, written by the package that owns the table and run by {@link
 * Housekeeping}.
 */
@FunctionalInterface
public interface Purge {
  /**
   * Removes at most {@code limit} rows no longer kept at {@code now}; returns how many it removed.
   */
  int purge(Handle h, Instant now, int limit);
}
