package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.SearchActivities;
import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.SearchRequest;
import ai.torale.support.Api;
import ai.torale.support.TestDatabase;
import ai.torale.support.TestWorker;
import ai.torale.support.ToraleApp;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.worker.WorkerFactory;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A check in flight: a second run-now is 409 unless forced; a forced one cancels the check in
 * flight for real (its execution ends cancelled) and runs. The test brings its own worker, whose
 * search blocks.
 */
class RunNowConflictTest {

  @Test
  void aRunInFlightIsA409UnlessForced() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(database, ConfigOverride.config("temporal.workerEnabled", "false"))) {
      BlockingSearch search = new BlockingSearch();
      WorkerFactory workers = TestWorker.start(app, search, store -> store);
      try {
        Api api = app.api();
        String key =
            api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"busy@example.com\"}")
                .field("api_key");
        String id =
            api.post("/api/v1/tasks", key, "{\"search_query\":\"q\",\"state\":\"paused\"}")
                .field("id");
        Api.Reply first = api.post("/api/v1/tasks/" + id + "/execute", key, null);
        assertEquals(200, first.status(), first::toString);
        assertTrue(search.started.await(20, TimeUnit.SECONDS), "the first check is searching");

        Api.Reply second = api.post("/api/v1/tasks/" + id + "/execute", key, null);
        assertEquals(409, second.status());
        assertEquals(
            "Task is already running. Use force=true to override.", second.field("detail"));
        assertEquals(
            1,
            api.get("/api/v1/tasks/" + id + "/executions", key).json().size(),
            "a refused run leaves no execution behind");

        Api.Reply forced = api.post("/api/v1/tasks/" + id + "/execute?force=true", key, null);
        assertEquals(200, forced.status(), forced::toString);
        String firstId = first.field("id");
        Api.Reply cancelled = awaitStatus(api, key, id, firstId, "cancelled");
        assertEquals("cancelled", cancelled.field("status"));
        assertEquals(
            422, api.post("/api/v1/tasks/" + id + "/execute?force=maybe", key, null).status());
      } finally {
        search.release.countDown();
        workers.shutdownNow();
      }
    }
  }

  private static Api.Reply awaitStatus(
      Api api, String key, String task, String execution, String status)
      throws InterruptedException {
    Api.Reply reply = null;
    for (int i = 0; i < 200; i++) {
      reply = api.get("/api/v1/tasks/" + task + "/executions/" + execution, key);
      if (status.equals(reply.field("status"))) {
        return reply;
      }
      Thread.sleep(100);
    }
    return reply;
  }

  /** A search that hangs (heartbeating, so cancellation reaches it) until the test releases it. */
  static final class BlockingSearch implements SearchActivities {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public GroundedAnswer groundedSearch(UUID executionId, SearchRequest request) {
      started.countDown();
      try {
        while (!release.await(200, TimeUnit.MILLISECONDS)) {
          Activity.getExecutionContext().heartbeat(null);
        }
      } catch (InterruptedException | ActivityCompletionException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("released");
    }

    @Override
    public Judgement evaluateCondition(UUID executionId, JudgeRequest request) {
      throw new IllegalStateException("not reached");
    }
  }
}
