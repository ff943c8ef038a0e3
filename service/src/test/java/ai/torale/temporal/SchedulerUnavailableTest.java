package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.support.Api;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import io.dropwizard.testing.ConfigOverride;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With Temporal unreachable, every change that needs the monitor answers 503 and leaves PostgreSQL
 * as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerUnavailableTest {
  private TestDatabase database;
  private ToraleApp app;
  private Api api;
  private String key;
  private UUID userId;

  @BeforeAll
  void start() {
    database = TestDatabase.create();
    app =
        ToraleApp.start(
            database,
            ConfigOverride.config("temporal.address", "127.0.0.1:" + ToraleApp.freePort()),
            ConfigOverride.config("temporal.workerEnabled", "false"),
            ConfigOverride.config("temporal.rpcTimeout", "1s"));
    api = app.api();
    var created =
        api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"down@example.com\"}").json();
    key = created.get("api_key").asText();
    userId = UUID.fromString(created.get("user").get("id").asText());
  }

  @AfterAll
  void stop() {
    app.close();
    database.close();
  }

  @Test
  void createChangesNothing() {
    Api.Reply reply = api.post("/api/v1/tasks", key, "{\"search_query\":\"q\"}");
    assertEquals(503, reply.status());
    assertEquals("Scheduler unavailable", reply.field("detail"));
    assertEquals(0, count("SELECT count(*) FROM tasks WHERE user_id = ?"));
  }

  @Test
  void pauseResumeCompleteDeleteAndRunNowChangeNothing() {
    UUID active = insertTask("active");
    UUID paused = insertTask("paused");
    Map<UUID, String> before = snapshot();
    for (Object[] call :
        List.<Object[]>of(
            new Object[] {
              "PUT", "/api/v1/tasks/" + active, "{\"state\":\"paused\",\"name\":\"renamed\"}"
            },
            new Object[] {"PUT", "/api/v1/tasks/" + paused, "{\"state\":\"active\"}"},
            new Object[] {"PUT", "/api/v1/tasks/" + active, "{\"state\":\"completed\"}"},
            new Object[] {"PUT", "/api/v1/tasks/" + active, "{\"search_query\":\"changed\"}"},
            new Object[] {"DELETE", "/api/v1/tasks/" + active, null},
            new Object[] {"POST", "/api/v1/tasks/" + active + "/execute", null})) {
      Api.Reply reply = api.send((String) call[0], (String) call[1], key, (String) call[2]);
      assertEquals(503, reply.status(), call[0] + " " + call[1]);
      assertEquals("Scheduler unavailable", reply.field("detail"));
    }
    assertEquals(before, snapshot(), "PostgreSQL is exactly as before");
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM executions e JOIN tasks t ON t.id = e.task_id WHERE t.user_id = ?"));
  }

  private UUID insertTask(String state) {
    UUID id = UUID.randomUUID();
    jdbi()
        .useHandle(h ->
            h.execute(
                "INSERT INTO tasks (id, user_id, name, search_query, condition_description, "
                    + "state, next_run, state_changed_at, created_at) VALUES (?, ?, ?, 'q', 'q', ?, "
                    + "CASE WHEN ? = 'active' THEN now() + interval '1 hour' END, now(), now())",
                id,
                userId,
                "t-" + id,
                state,
                state));
    return id;
  }

  private Map<UUID, String> snapshot() {
    return jdbi()
        .withHandle(h ->
            h.createQuery(
                    "SELECT id, row_to_json(tasks)::text AS row FROM tasks " + "WHERE user_id = :u")
                .bind("u", userId)
                .reduceRows(
                    new java.util.HashMap<UUID, String>(),
                    (map, row) -> {
                      map.put(row.getColumn("id", UUID.class), row.getColumn("row", String.class));
                      return map;
                    }));
  }

  private long count(String sql) {
    return jdbi().withHandle(h -> h.createQuery(sql).bind(0, userId).mapTo(Long.class).one());
  }

  private Jdbi jdbi() {
    return app.jdbi();
  }
}
