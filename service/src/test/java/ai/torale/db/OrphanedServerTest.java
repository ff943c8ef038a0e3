package ai.torale.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.db.DataSourceFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running-service case; {@code EmbeddedCrashTest} covers the server of a killed one. */
class OrphanedServerTest {
  @TempDir Path dataDir;

  @Test
  void theServerOfAServiceStillRunningIsLeftAloneAndTheSecondStartSaysWhy() throws Exception {
    DataSourceFactory database = new DataSourceFactory();
    EmbeddedDatabase running = EmbeddedDatabase.start(dataDir, database);
    try {
      Path pgData = dataDir.resolve("postgres").toAbsolutePath();
      assertTrue(OrphanedServer.find(pgData).isPresent());
      IOException refused =
          assertThrows(IOException.class, () -> OrphanedServer.stopIfRunning(pgData));
      assertTrue(
          refused.getMessage().contains("belongs to a service that is still running"),
          refused.getMessage());
      try (Connection c =
              DriverManager.getConnection(
                  database.getUrl(), database.getUser(), database.getPassword());
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT 1")) {
        r.next();
        assertEquals(1, r.getInt(1), "the running service's database still answers");
      }
    } finally {
      running.stop();
    }
  }

  @Test
  void aStaleLockFileNamesNoServer() throws Exception {
    Path pgData = Files.createDirectories(dataDir.resolve("postgres"));
    Files.writeString(
        pgData.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + pgData + "\n");
    assertTrue(
        OrphanedServer.find(pgData).isEmpty(), "this JVM holds the pid, and it is no PostgreSQL");
    Files.writeString(pgData.resolve("postmaster.pid"), "not a pid\n");
    assertTrue(OrphanedServer.find(pgData).isEmpty());
  }
}
