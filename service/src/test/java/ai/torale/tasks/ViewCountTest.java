package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.torale.support.AppTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * view_count counts each viewer of a public task at most once an hour, and stores no raw address.
 */
class ViewCountTest extends AppTest {

  @Test
  void repeatedReadsOfOneViewerCountOnce() {
    String owner = newUser();
    String id = publicTask(owner);
    for (int i = 0; i < 30; i++) {
      assertEquals(200, api.get("/api/v1/tasks/" + id, null).status());
    }
    assertEquals(1, viewCount(owner, id), "30 anonymous reads from one address");
    for (String reader : List.of(newUser(), newUser(), newUser())) {
      api.get("/api/v1/tasks/" + id, reader);
      api.get("/api/v1/tasks/" + id, reader);
    }
    assertEquals(4, viewCount(owner, id), "and each signed-in reader once");
    List<byte[]> stored =
        app.jdbi()
            .withHandle(h ->
                h.createQuery("SELECT viewer FROM task_views WHERE task_id = :id")
                    .bind("id", UUID.fromString(id))
                    .mapTo(byte[].class)
                    .list());
    assertEquals(4, stored.size());
    stored.forEach(viewer -> assertEquals(32, viewer.length, "a SHA-256 digest, not the address"));
  }

  @Test
  void aViewerCountsAgainInTheNextHour() {
    String owner = newUser();
    UUID id = UUID.fromString(publicTask(owner));
    Instant hour = Instant.parse("2026-03-01T10:00:00Z");
    List<Boolean> counted =
        app.jdbi()
            .withHandle(h ->
                List.of(
                    TaskViews.count(h, id, "address 203.0.113.7", hour.plus(Duration.ofMinutes(5))),
                    TaskViews.count(
                        h, id, "address 203.0.113.7", hour.plus(Duration.ofMinutes(59))),
                    TaskViews.count(
                        h, id, "address 203.0.113.8", hour.plus(Duration.ofMinutes(59))),
                    TaskViews.count(
                        h, id, "address 203.0.113.7", hour.plus(Duration.ofMinutes(61)))));
    assertEquals(List.of(true, false, true, true), counted);
    assertEquals(3, viewCount(owner, id.toString()));
  }

  /**
   * A read that found the task, whose owner deletes it before the read counts its view: the view is
   * not counted, and the read does not fail (its row would point at no task).
   */
  @Test
  void aViewOfATaskDeletedMeanwhileCountsNothing() {
    String owner = newUser();
    UUID id = UUID.fromString(publicTask(owner));
    assertEquals(204, api.delete("/api/v1/tasks/" + id, owner).status());

    boolean counted =
        app.jdbi().withHandle(h -> TaskViews.count(h, id, "address 203.0.113.9", Instant.now()));

    assertFalse(counted);
  }

  @Test
  void theOwnerAndPrivateTasksAreNeverCounted() {
    String owner = newUser();
    String id =
        createTask(owner, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText();
    assertEquals(404, api.get("/api/v1/tasks/" + id, null).status());
    api.get("/api/v1/tasks/" + id, owner);
    assertEquals(0, viewCount(owner, id));
    int rows =
        app.jdbi()
            .withHandle(h ->
                h.createQuery("SELECT count(*) FROM task_views WHERE task_id = :id")
                    .bind("id", UUID.fromString(id))
                    .mapTo(Integer.class)
                    .one());
    assertEquals(0, rows);
  }

  private String publicTask(String owner) {
    String id =
        createTask(owner, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText();
    assertEquals(
        200,
        api.patch("/api/v1/tasks/" + id + "/visibility", owner, "{\"is_public\":true}").status());
    return id;
  }

  private int viewCount(String owner, String id) {
    return api.get("/api/v1/tasks/" + id, owner).json().get("view_count").asInt();
  }
}
