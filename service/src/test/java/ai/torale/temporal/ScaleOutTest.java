package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.SearchActivities;
import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.SearchRequest;
import ai.torale.support.TestDatabase;
import ai.torale.support.TestWorker;
import ai.torale.support.ToraleApp;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.worker.WorkerFactory;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two workers on one server check 200 due tasks: every check runs exactly once. */
class ScaleOutTest {
  private static final int TASKS = 200;

  @Test
  void twoWorkersNeverRunTheSameCheckTwice() throws Exception {
    Map<UUID, AtomicInteger> searched = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> byWorker = new ConcurrentHashMap<>();
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("temporal.workerEnabled", "false"),
                ConfigOverride.config("temporal.reconcileInterval", "1s"))) {
      WorkerFactory first =
          TestWorker.start(app, new NoProvider(searched, byWorker, "first"), store -> store);
      WorkerFactory second =
          TestWorker.start(app, new NoProvider(searched, byWorker, "second"), store -> store);
      try {
        UUID user = UUID.fromString(app.api().get("/api/v1/auth/me", app.adminKey).field("id"));
        // Overdue past the reconciler's grace: it starts their monitors, which run at once.
        app.jdbi()
            .useHandle(h -> {
              for (int i = 0; i < TASKS; i++) {
                h.execute(
                    "INSERT INTO tasks (id, user_id, name, search_query, condition_description, state, next_run, "
                        + "state_changed_at, created_at) VALUES (?, ?, ?, 'q', 'q', 'active', now() - interval '10 minutes', "
                        + "now(), now())",
                    UUID.randomUUID(),
                    user,
                    "scale " + i);
              }
            });
        long deadline = System.currentTimeMillis() + 120_000;
        while (finished(app) < TASKS && System.currentTimeMillis() < deadline) {
          Thread.sleep(250);
        }
        assertEquals(TASKS, finished(app), "every due task was checked");
        Thread.sleep(1_000);
        assertEquals(TASKS, searched.size(), "one check per task");
        searched.forEach(
            (execution, count) -> assertEquals(1, count.get(), "check " + execution + " ran once"));
        assertTrue(
            byWorker.get("first").get() > 0 && byWorker.get("second").get() > 0,
            "both workers took part: " + byWorker);
      } finally {
        first.shutdownNow();
        second.shutdownNow();
      }
    }
  }

  private static int finished(ToraleApp app) {
    return app.jdbi()
        .withHandle(h ->
            h.createQuery("SELECT count(*) FROM executions WHERE status = 'failed'")
                .mapTo(Integer.class)
                .one());
  }

  /**
   * A search that fails at once, as a service without a provider does, counting the searches of
   * each check and of each worker: a check runs where its search does.
   */
  record NoProvider(
      Map<UUID, AtomicInteger> searched, Map<String, AtomicInteger> byWorker, String worker)
      implements SearchActivities {
    @Override
    public GroundedAnswer groundedSearch(UUID executionId, SearchRequest request) {
      searched.computeIfAbsent(executionId, id -> new AtomicInteger()).incrementAndGet();
      byWorker.computeIfAbsent(worker, w -> new AtomicInteger()).incrementAndGet();
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "No search provider configured", "none");
    }

    @Override
    public Judgement evaluateCondition(UUID executionId, JudgeRequest request) {
      throw new IllegalStateException("not reached");
    }
  }
}
