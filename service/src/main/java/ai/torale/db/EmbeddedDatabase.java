package ai.torale.db;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from Maven-shipped binaries, for the zero-setup run. Its data lives in
 * {@code <dataDir>/postgres} and survives restarts, crashes included: the server runs with
 * PostgreSQL's own durability (the library's defaults, made for throwaway test databases, turn
 * fsync and synchronous commit off), and a server left running by a killed process is shut down
 * before a new one starts on the same data.
 */
public final class EmbeddedDatabase implements Managed {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

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
            .start();
    database.setUrl(postgres.getJdbcUrl("postgres", "postgres"));
    database.setUser("postgres");
    database.setPassword("");
    log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dir);
    return new EmbeddedDatabase(postgres);
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
    postgres.close();
  }
}
