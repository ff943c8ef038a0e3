package ai.torale.app;

import ai.torale.db.Housekeeping;
import ai.torale.db.Purge;
import ai.torale.deliveries.PostgresDeliveryStore;
import ai.torale.executions.ExecutionDao;
import ai.torale.tasks.TaskViews;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** What housekeeping purges: each table's rule comes from the package that owns it. */
public final class Retention {
  private Retention() {}

  /** Executions and delivery records older than {@code keep}, and the task views of past hours. */
  public static Housekeeping housekeeping(
      Jdbi jdbi, Duration keep, Duration interval, Clock clock) {
    List<Purge> purges = new ArrayList<>(PostgresDeliveryStore.olderThan(keep));
    purges.add(ExecutionDao.olderThan(keep));
    purges.add(TaskViews.pastHours());
    return new Housekeeping(jdbi, interval, clock, purges);
  }
}
