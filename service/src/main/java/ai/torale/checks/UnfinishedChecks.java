package ai.torale.checks;

import ai.torale.executions.ExecutionDao;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Temporal server keeps its workflows in memory, so the checks running on it stop with
 * it. Stopped after it and before the database pool, this records them, so none is left {@code
 * running} while the service is down (see {@link ExecutionDao#interruptByShutdown}). Within a
 * bound: a database that does not answer does not hold up the stop; the next start's reconciler
 * then ends those checks as interrupted by the restart.
 */
public final class UnfinishedChecks implements Managed {
  private static final Logger log = LoggerFactory.getLogger(UnfinishedChecks.class);

  /** One UPDATE of the running executions: a healthy database takes milliseconds. */
  static final Duration BOUND = Duration.ofSeconds(2);

  private final Jdbi jdbi;
  private final Clock clock;

  public UnfinishedChecks(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public void stop() throws InterruptedException {
    ExecutorService recorder =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("torale-unfinished-checks").daemon().factory());
    try {
      Future<Integer> recorded =
          recorder.submit(
              () -> jdbi.withHandle(h -> new ExecutionDao(h).interruptByShutdown(clock.instant())));
      int interrupted = recorded.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      if (interrupted > 0) {
        log.info("{} checks in flight were interrupted by the shutdown", interrupted);
      }
    } catch (TimeoutException | ExecutionException e) {
      log.warn(
          "Could not record the checks the shutdown interrupted ({}); the next start will",
          e instanceof TimeoutException ? "no answer within " + BOUND : e.getCause().getMessage());
    } finally {
      recorder.shutdownNow();
    }
  }
}
