package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * Requests that meet the delete of the task they read: each answers as if the task were already
 * gone, never 500 on a row that would point at no task.
 */
class DeletedMeanwhileTest extends AppTest {

  @Test
  void aForkOfATaskBeingDeletedIsNotFound() throws Exception {
    String owner = newUser();
    UUID source =
        UUID.fromString(
            createTask(owner, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText());
    try (Handle delete = app.jdbi().open()) {
      // The owner's delete, under way: the row locked and gone, not yet committed.
      delete.begin();
      delete.execute("SELECT id FROM tasks WHERE id = ? FOR UPDATE", source);
      delete.execute("DELETE FROM tasks WHERE id = ?", source);
      CompletableFuture<Api.Reply> fork =
          CompletableFuture.supplyAsync(
              () -> api.post("/api/v1/tasks/" + source + "/fork", owner, "{}"));
      awaitWaitingOnALock("%");
      delete.commit();

      Api.Reply reply = fork.get(30, TimeUnit.SECONDS);
      assertEquals(404, reply.status(), reply::toString);
    }
  }
}
