package ai.torale.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.auth.ApiKeys;
import ai.torale.support.Api;
import ai.torale.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-setup run (embedded PostgreSQL in the data directory) killed with SIGKILL: its database
 * server outlives the process. The service must start again on the same data, with what it had
 * answered for.
 */
class EmbeddedCrashTest {
  @TempDir Path dataDir;

  @AfterEach
  void stopLeftoverServers() {
    serverOf(dataDir.resolve("postgres"))
        .ifPresent(p -> {
          p.destroyForcibly();
          p.onExit().join();
        });
  }

  @Test
  void aKilledZeroSetupServiceStartsAgainOnItsDataWithDurableCommits() throws Exception {
    String adminKey = ApiKeys.generate();
    Map<String, String> env = zeroSetup(adminKey);
    String taskId;
    try (ServiceProcess first =
        new ServiceProcess(env, ServiceProcess.logFile("embedded-crash-first"))) {
      first.start();
      Api.Reply created =
          first
              .api()
              .post(
                  "/api/v1/tasks",
                  adminKey,
                  "{\"name\":\"kept across a crash\","
                      + "\"search_query\":\"Is ExampleCorp 3.0 out?\",\"condition_description\":\"3.0 is out\","
                      + "\"state\":\"paused\"}");
      assertEquals(200, created.status(), created.toString());
      taskId = created.field("id");
      first.kill();
    }
    Path pgData = dataDir.resolve("postgres");
    assertTrue(
        serverOf(pgData).isPresent(), "the killed service's database server is still running");

    try (ServiceProcess second =
        new ServiceProcess(env, ServiceProcess.logFile("embedded-crash-second"))) {
      second.start();
      Api.Reply task = second.api().get("/api/v1/tasks/" + taskId, adminKey);
      assertEquals(200, task.status(), task.toString());
      assertEquals("kept across a crash", task.field("name"));
      // A commit the API answered for is on disk, not in a buffer a power cut would lose.
      assertEquals("on", setting(pgData, "fsync"));
      assertEquals("on", setting(pgData, "synchronous_commit"));
    }
  }

  /** The running postmaster that serves this data directory, found by its command line. */
  /**
   * SIGTERM: the lifecycle stops the database last, so what stops before it still reaches it (the
   * library's own shutdown hook used to stop it first), and no server is left behind.
   */
  @Test
  void aStoppedZeroSetupServiceStopsItsDatabaseLast() throws Exception {
    Map<String, String> env = zeroSetup(ApiKeys.generate());
    Path log = ServiceProcess.logFile("embedded-stop");
    Files.deleteIfExists(log);
    try (ServiceProcess service = new ServiceProcess(env, log)) {
      service.start();
      assertTrue(service.terminate(Duration.ofSeconds(60)), "the service stopped on SIGTERM");
    }
    String output = Files.readString(log);
    assertFalse(
        output.contains("terminating connection due to administrator command"),
        "nothing lost the database before the lifecycle stopped it; see " + log);
    assertTrue(
        serverOf(dataDir.resolve("postgres")).isEmpty(), "the database server stopped with it");
  }

  /** The zero-setup run on this test's data directory: embedded database, warnings logged. */
  private Map<String, String> zeroSetup(String adminKey) {
    return Map.of(
        "TORALE_DATABASE_URL",
        "",
        "TORALE_DATA_DIR",
        dataDir.toString(),
        "TORALE_ADMIN_API_KEY",
        adminKey,
        "TORALE_LOG_LEVEL",
        "WARN");
  }

  private static Optional<ProcessHandle> serverOf(Path pgData) {
    return ProcessHandle.allProcesses()
        .filter(p ->
            p.info()
                .commandLine()
                .map(c -> c.contains("postgres") && c.contains("-D " + pgData))
                .orElse(false))
        .findFirst();
  }

  private static String setting(Path pgData, String name) throws Exception {
    List<String> lock = Files.readAllLines(pgData.resolve("postmaster.pid"));
    String url = "jdbc:postgresql://127.0.0.1:" + lock.get(3).strip() + "/postgres";
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW " + name)) {
      r.next();
      return r.getString(1);
    }
  }
}
