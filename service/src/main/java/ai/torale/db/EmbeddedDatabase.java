package ai.torale.db;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from Maven-shipped binaries, for the zero-setup run. Its data lives in
 * {@code <dataDir>/postgres} and survives restarts, crashes included: the server runs with
 * PostgreSQL's own durability (the library's defaults, made for throwaway test databases, turn
 * fsync and synchronous commit off), and a server left running by a killed process is shut down
 * before a new one starts on the same data.
 *
 * <p>It stops last: the library's own shutdown hook would stop the server on SIGTERM while the
 * service's lifecycle was still stopping what uses it (recording the checks the stop interrupted,
 * among others), so this registers a hook of its own that leaves the server to the lifecycle's
 * stop, and stops it itself only for a service whose lifecycle never started.
 */
public final class EmbeddedDatabase implements Managed {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** How long the exit waits for the lifecycle to stop the server: past any shutdown grace. */
  static final Duration LIFECYCLE_STOP_WAIT = Duration.ofMinutes(2);

  private final EmbeddedPostgres postgres;
  private final AtomicBoolean lifecycleStarted = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** The database URL {@code embedded} (config.yml's default) asks for this. */
  public static boolean wanted(DataSourceFactory database) {
    String url = database.getUrl();
    return url == null || url.isBlank() || url.strip().equalsIgnoreCase("embedded");
  }

  /** Starts it and points {@code database} at it. */
  public static EmbeddedDatabase start(Path dataDir, DataSourceFactory database)
      throws IOException {
    Path dir = dataDir.resolve("postgres").toAbsolutePath().normalize();
    Files.createDirectories(dir);
    OrphanedServer.stopIfRunning(dir);
    EmbeddedPostgres postgres =
        durable(EmbeddedPostgres.builder())
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .start();
    database.setUrl(postgres.getJdbcUrl("postgres", "postgres"));
    database.setUser("postgres");
    database.setPassword("");
    log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dir);
    EmbeddedDatabase embedded = new EmbeddedDatabase(postgres);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("torale-embedded-postgres-exit")
                .unstarted(() -> embedded.stopAtExit(LIFECYCLE_STOP_WAIT)));
    return embedded;
  }

  /**
   * At exit: waits (up to {@code wait}) for a started lifecycle to stop the server in its order,
   * then stops it if it still runs.
   */
  void stopAtExit(Duration wait) {
    try {
      if (lifecycleStarted.get() && !stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("The service did not stop within {}; stopping its database now", wait);
      }
      close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("Could not stop the embedded PostgreSQL: {}", e.getMessage());
    }
  }

  @Override
  public void start() {
    lifecycleStarted.set(true);
  }

  /**
   * PostgreSQL's defaults for durability: a commit the API has answered for is on disk. The library
   * passes {@code -F} (fsync off) and synchronous_commit=off; settings given here come later on the
   * command line and win.
   */
  public static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
    return builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
  }

  @Override
  public void stop() throws IOException {
    close();
  }

  private void close() throws IOException {
    try {
      if (closed.compareAndSet(false, true)) {
        postgres.close();
      }
    } finally {
      stopped.countDown();
    }
  }
}
