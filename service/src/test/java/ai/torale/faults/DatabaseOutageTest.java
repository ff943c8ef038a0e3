package ai.torale.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.ToraleApp;
import io.dropwizard.testing.ConfigOverride;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for 20 s while checks run: the API answers 503 meanwhile (never 500), the
 * activities retry, nothing is lost, and the service recovers by itself. Runs on its own embedded
 * PostgreSQL so it can be stopped without touching the shared test server.
 */
class DatabaseOutageTest {
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  void theServiceRidesOutADatabaseOutage() throws Exception {
    Path dataDir = Files.createTempDirectory("torale-outage");
    int port = ToraleApp.freePort();
    EmbeddedPostgres postgres = start(dataDir, port);
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    try (ToraleApp app =
        new ToraleApp(
            null,
            ConfigOverride.config("database.url", url),
            ConfigOverride.config("database.user", "postgres"),
            ConfigOverride.config("database.password", ""))) {
      app.start();
      Api api = app.api();
      String key =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"outage@example.com\"}")
              .field("api_key");
      List<String[]> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String id =
            api.post("/api/v1/tasks", key, "{\"search_query\":\"q" + i + "\",\"state\":\"paused\"}")
                .field("id");
        runs.add(new String[] {id, null});
      }
      for (String[] run : runs) {
        run[1] = api.post("/api/v1/tasks/" + run[0] + "/execute", key, null).field("id");
      }
      postgres.close();
      long outageEnds = System.currentTimeMillis() + OUTAGE.toMillis();
      int answered = 0;
      while (System.currentTimeMillis() < outageEnds - 2_000) {
        for (Api.Reply reply :
            List.of(
                api.get("/api/v1/tasks", key),
                api.post("/api/v1/tasks", key, "{\"search_query\":\"during\"}"),
                api.get("/api/v1/tasks/" + runs.get(0)[0] + "/executions", key))) {
          assertEquals(503, reply.status(), reply::toString);
          assertTrue(reply.json().has("detail"), reply::toString);
          answered++;
        }
        Thread.sleep(1_000);
      }
      assertTrue(answered > 0);
      Thread.sleep(Math.max(0, outageEnds - System.currentTimeMillis()));
      postgres = start(dataDir, port);

      long deadline = System.currentTimeMillis() + 120_000;
      for (String[] run : runs) {
        Api.Reply execution;
        do {
          execution = api.get("/api/v1/tasks/" + run[0] + "/executions/" + run[1], key);
          if ("failed".equals(execution.field("status")) || System.currentTimeMillis() > deadline) {
            break;
          }
          Thread.sleep(500);
        } while (true);
        assertEquals("failed", execution.field("status"), execution::toString);
        assertTrue(
            execution.field("error_message").startsWith("No search provider configured"),
            "the check ran to its end after the outage: " + execution);
      }
      assertEquals(200, api.get("/api/v1/tasks", key).status());
      assertEquals(200, api.post("/api/v1/tasks", key, "{\"search_query\":\"after\"}").status());
    } finally {
      postgres.close();
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static EmbeddedPostgres start(Path dataDir, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }
}
