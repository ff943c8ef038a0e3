package ai.torale.executions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.app.Retention;
import ai.torale.support.AppTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Old executions go; recent ones, running ones and every task's latest stay. */
class HousekeepingTest extends AppTest {

  @Test
  void purgesOldExecutionsInBatchesButKeepsEachTasksLatest() {
    String key = newUser();
    UUID task =
        UUID.fromString(
            createTask(key, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText());
    int old = ai.torale.db.Housekeeping.BATCH + 20;
    app.jdbi()
        .useHandle(h -> {
          for (int i = 0; i < old; i++) {
            h.execute(
                "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, created_at) "
                    + "VALUES (?, ?, 'success', 'scheduled', now() - interval '200 days', now() - interval '200 days', "
                    + "now() - interval '200 days' + ? * interval '1 second')",
                UUID.randomUUID(),
                task,
                i);
          }
          h.execute(
              "INSERT INTO executions (id, task_id, status, trigger, started_at, created_at) VALUES (?, ?, "
                  + "'running', 'scheduled', now() - interval '100 days', now() - interval '100 days')",
              UUID.randomUUID(),
              task);
          h.execute(
              "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, created_at) "
                  + "VALUES (?, ?, 'failed', 'manual', now(), now(), now() - interval '10 days')",
              UUID.randomUUID(),
              task);
        });
    UUID otherTask =
        UUID.fromString(
            createTask(key, "{\"search_query\":\"q2\",\"state\":\"paused\"}").get("id").asText());
    UUID onlyOld = UUID.randomUUID();
    app.jdbi()
        .useHandle(h ->
            h.execute(
                "INSERT INTO executions (id, task_id, status, trigger, started_at, "
                    + "completed_at, created_at) VALUES (?, ?, 'success', 'scheduled', now() - interval '300 days', "
                    + "now() - interval '300 days', now() - interval '300 days')",
                onlyOld,
                otherTask));

    long purged =
        Retention.housekeeping(
                app.jdbi(), Duration.ofDays(90), Duration.ofHours(1), Clock.systemUTC())
            .purge();

    assertEquals(old, purged);
    List<String> left =
        app.jdbi()
            .withHandle(h ->
                h.createQuery(
                        "SELECT status FROM executions WHERE task_id = :t " + "ORDER BY created_at")
                    .bind("t", task)
                    .mapTo(String.class)
                    .list());
    assertEquals(List.of("running", "failed"), left);
    int kept =
        app.jdbi()
            .withHandle(h ->
                h.createQuery("SELECT count(*) FROM executions WHERE id = :id")
                    .bind("id", onlyOld)
                    .mapTo(Integer.class)
                    .one());
    assertEquals(1, kept, "a task's latest execution is never purged");
  }

  @Test
  void purgesTaskViewsOfPastHours() {
    String key = newUser();
    UUID task =
        UUID.fromString(
            createTask(key, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText());
    Instant now = Instant.parse("2026-03-01T10:30:00Z");
    app.jdbi()
        .useHandle(h -> {
          for (Instant hour :
              List.of(
                  Instant.parse("2026-03-01T08:00:00Z"),
                  Instant.parse("2026-03-01T09:00:00Z"),
                  Instant.parse("2026-03-01T10:00:00Z"))) {
            h.execute(
                "INSERT INTO task_views (task_id, hour, viewer) VALUES (?, ?, ?)",
                task,
                hour,
                new byte[32]);
          }
        });

    long purged =
        Retention.housekeeping(
                app.jdbi(),
                Duration.ofDays(90),
                Duration.ofHours(1),
                Clock.fixed(now, ZoneOffset.UTC))
            .purge();

    assertEquals(2, purged);
    List<Instant> left =
        app.jdbi()
            .withHandle(h ->
                h.createQuery("SELECT hour FROM task_views WHERE task_id = :t")
                    .bind("t", task)
                    .mapTo(Instant.class)
                    .list());
    assertEquals(
        List.of(Instant.parse("2026-03-01T10:00:00Z")), left, "the current hour's viewers stay");
    api.delete(
        "/api/v1/tasks/" + task,
        key); // its remaining view goes with it, out of the other test's count
  }
}
