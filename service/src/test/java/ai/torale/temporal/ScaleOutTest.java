package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.MonitorStore;
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
import java.time.Instant;
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
    Map<UUID, AtomicInteger> begun = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> byWorker = new ConcurrentHashMap<>();
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("temporal.workerEnabled", "false"),
                ConfigOverride.config("temporal.reconcileInterval", "1s"))) {
      WorkerFactory first =
          TestWorker.start(app, new NoProvider(), s -> counting(s, begun, byWorker, "first"));
      WorkerFactory second =
          TestWorker.start(app, new NoProvider(), s -> counting(s, begun, byWorker, "second"));
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
        assertEquals(TASKS, begun.size(), "one check per task");
        begun.forEach(
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

  private static MonitorStore counting(
      MonitorStore store,
      Map<UUID, AtomicInteger> begun,
      Map<String, AtomicInteger> byWorker,
      String worker) {
    return new MonitorStore() {
      @Override
      public CheckActivities.Begun beginExecution(CheckActivities.Begin check, Instant startedAt) {
        begun.computeIfAbsent(check.executionId(), id -> new AtomicInteger()).incrementAndGet();
        byWorker.computeIfAbsent(worker, w -> new AtomicInteger()).incrementAndGet();
        return store.beginExecution(check, startedAt);
      }

      @Override
      public CheckActivities.Recorded record(
          CheckActivities.Outcome outcome, Instant completedAt, Reschedule reschedule) {
        return store.record(outcome, completedAt, reschedule);
      }

      @Override
      public boolean stillRunning(UUID executionId) {
        return store.stillRunning(executionId);
      }
    };
  }

  /** A search that fails at once, as a service without a provider does. */
  static final class NoProvider implements SearchActivities {
    @Override
    public GroundedAnswer groundedSearch(UUID executionId, SearchRequest request) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "No search provider configured", "none");
    }

    @Override
    public Judgement evaluateCondition(UUID executionId, JudgeRequest request) {
      throw new IllegalStateException("not reached");
    }
  }
}
