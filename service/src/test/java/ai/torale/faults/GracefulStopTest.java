package ai.torale.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.auth.ApiKeys;
import ai.torale.support.Api;
import ai.torale.support.GeminiServer;
import ai.torale.support.ServiceProcess;
import ai.torale.support.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on the zero-setup service (embedded Temporal) while a scheduled check and an accepted
 * run-now wait for a search that does not answer, and a webhook waits for a receiver that does not
 * answer: the service exits within its shutdown grace and leaves no execution running; the next
 * start checks again, the scheduled task at once with a new execution, the run-now under its own
 * id.
 */
class GracefulStopTest {
  private static final Duration GRACE = Duration.ofSeconds(8);

  /**
   * Exiting is bounded by the grace; the margin only absorbs a loaded machine (JVM exit, logging).
   */
  private static final Duration MARGIN = Duration.ofSeconds(20);

  private static final String VERDICT =
      "{\"condition_met\":true,\"answer\":\"It shipped.\",\"notification\":\"It shipped\","
          + "\"evidence\":\"Announcement.\",\"confidence\":90,\"next_run\":\"2099-01-01T00:00:00Z\","
          + "\"topic\":\"Stop test\"}";

  @Test
  void aStoppedServiceExitsInTimeAndItsChecksRunAgainAtTheNextStart() throws Exception {
    try (GeminiServer gemini = new GeminiServer(VERDICT);
        SilentReceiver receiver = new SilentReceiver();
        TestDatabase database = TestDatabase.create()) {
      String adminKey = ApiKeys.generate();
      Map<String, String> env = ServiceProcess.withGemini(database, adminKey, gemini);
      env.putAll(
          Map.of(
              "TORALE_SHUTDOWN_GRACE", GRACE.toSeconds() + "s",
              "TORALE_RECONCILE_INTERVAL", "1s",
              "TORALE_WEBHOOK_ALLOW_HTTP", "true",
              "TORALE_WEBHOOK_ALLOW_PRIVATE", "true"));
      Jdbi jdbi = Jdbi.create(database.url(), database.user(), database.password());
      UUID scheduledTask;
      UUID manualTask;
      String manualRun;
      try (ServiceProcess first =
          new ServiceProcess(env, ServiceProcess.logFile("graceful-stop-first"))) {
        first.start();
        Api api = first.api();
        UUID user = UUID.fromString(api.get("/api/v1/auth/me", adminKey).field("id"));
        // A check that answers at once, and whose webhook then waits for the silent receiver.
        insertTask(jdbi, user, "delivering", "active", receiver.url());
        assertTrue(receiver.awaitRequest(), "a delivery is in flight");

        gemini.delay(Duration.ofMinutes(2));
        scheduledTask = insertTask(jdbi, user, "scheduled", "active", null);
        manualTask = insertTask(jdbi, user, "manual", "paused", null);
        Api.Reply accepted = api.post("/api/v1/tasks/" + manualTask + "/execute", adminKey, null);
        assertEquals(200, accepted.status(), accepted.toString());
        manualRun = accepted.field("id");
        awaitRunning(jdbi, 2);
        awaitSearches(gemini, 3);

        assertTrue(
            first.terminate(GRACE.plus(MARGIN)),
            "SIGTERM: the service exits within its grace, " + GRACE);
      }

      assertEquals(List.of(), running(jdbi), "no execution is left running");
      assertEquals(
          List.of("failed Interrupted by shutdown"),
          executions(jdbi, scheduledTask),
          "the scheduled check says why it ended");
      assertTrue(stillDue(jdbi, scheduledTask), "its task is still due");
      assertEquals(
          "pending",
          status(jdbi, UUID.fromString(manualRun)),
          "the accepted run-now waits for the next start");

      gemini.delay(Duration.ZERO);
      try (ServiceProcess second =
          new ServiceProcess(env, ServiceProcess.logFile("graceful-stop-second"))) {
        second.start();
        awaitExecutions(jdbi, scheduledTask, "success", "failed Interrupted by shutdown");
        assertEquals(
            "success",
            second.api().awaitFinished(adminKey, manualTask.toString(), 1).get("status").asText(),
            "the run-now ran again");
        assertEquals(
            List.of(manualRun),
            jdbi.withHandle(h ->
                h.createQuery("SELECT id::text FROM executions WHERE task_id = :task")
                    .bind("task", manualTask)
                    .mapTo(String.class)
                    .list()),
            "under its own id");
      }
    }
  }

  /**
   * A worker on a Temporal cluster (here: another service's embedded server, on its port) stops
   * within its grace too, and leaves its check running: the cluster keeps the workflow, and retries
   * the interrupted activity on another worker.
   */
  @Test
  void aWorkerOnAClusterStopsInTimeAndLeavesItsCheckToTheCluster() throws Exception {
    try (GeminiServer gemini = new GeminiServer(VERDICT);
        TestDatabase database = TestDatabase.create()) {
      gemini.delay(Duration.ofMinutes(2));
      String adminKey = ApiKeys.generate();
      Map<String, String> env = ServiceProcess.withGemini(database, adminKey, gemini);
      env.put("TORALE_RECONCILE_INTERVAL", "1s");
      Map<String, String> cluster = new HashMap<>(env);
      cluster.put("TORALE_WORKER_ENABLED", "false");
      Jdbi jdbi = Jdbi.create(database.url(), database.user(), database.password());
      try (ServiceProcess temporal =
          new ServiceProcess(cluster, ServiceProcess.logFile("graceful-stop-cluster"))) {
        temporal.start();
        env.put("TORALE_TEMPORAL_ADDRESS", "127.0.0.1:" + temporal.temporalPort());
        env.put("TORALE_SHUTDOWN_GRACE", GRACE.toSeconds() + "s");
        try (ServiceProcess worker =
            new ServiceProcess(env, ServiceProcess.logFile("graceful-stop-cluster-worker"))) {
          worker.start();
          UUID user = UUID.fromString(worker.api().get("/api/v1/auth/me", adminKey).field("id"));
          UUID task = insertTask(jdbi, user, "on a cluster", "active", null);
          awaitRunning(jdbi, 1);
          awaitSearches(gemini, 1);

          assertTrue(
              worker.terminate(GRACE.plus(MARGIN)),
              "SIGTERM: the worker exits within its grace, " + GRACE);
          assertEquals(List.of("running"), executions(jdbi, task), "the cluster still has it");
        }
      }
    }
  }

  /**
   * A task as a restored backup would hold it, overdue if active (past the reconciler's grace for a
   * live monitor); the reconciler starts its monitor.
   */
  private static UUID insertTask(Jdbi jdbi, UUID user, String name, String state, String webhook) {
    UUID id = UUID.randomUUID();
    String notifications =
        webhook == null
            ? "[]"
            : "[{\"type\":\"webhook\",\"url\":\""
                + webhook
                + "\",\"method\":\"POST\",\"secret\":\"s\"}]";
    jdbi.useHandle(h ->
        h.execute(
            "INSERT INTO tasks (id, user_id, name, search_query, condition_description, state, "
                + "next_run, notifications, state_changed_at, created_at) VALUES (?, ?, ?, 'q', "
                + "'q', ?, CASE WHEN ? THEN now() - interval '10 minutes' END, CAST(? AS jsonb), now(), now())",
            id,
            user,
            name,
            state,
            state.equals("active"),
            notifications));
    return id;
  }

  private static void awaitRunning(Jdbi jdbi, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (running(jdbi).size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(count, running(jdbi).size(), "checks in flight: " + running(jdbi));
  }

  /** Waits until the provider has been asked {@code count} searches: they are in flight. */
  private static void awaitSearches(GeminiServer gemini, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (searches(gemini) < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(count, searches(gemini), "searches asked");
  }

  private static long searches(GeminiServer gemini) {
    return gemini.requests().stream().filter(r -> r.contains("google_search")).count();
  }

  private static void awaitExecutions(Jdbi jdbi, UUID task, String... wanted)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!executions(jdbi, task).equals(List.of(wanted))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(List.of(wanted), executions(jdbi, task), "the due task was checked again at once");
  }

  private static List<String> running(Jdbi jdbi) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT id::text FROM executions WHERE status = 'running'")
            .mapTo(String.class)
            .list());
  }

  /** A task's executions, newest first, as status and message. */
  private static List<String> executions(Jdbi jdbi, UUID task) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT trim(status || ' ' || coalesce(error_message, '')) FROM executions "
                    + "WHERE task_id = :task ORDER BY created_at DESC")
            .bind("task", task)
            .mapTo(String.class)
            .list());
  }

  private static boolean stillDue(Jdbi jdbi, UUID task) {
    return one(jdbi, "SELECT next_run <= now() FROM tasks WHERE id = :id", task, Boolean.class);
  }

  private static String status(Jdbi jdbi, UUID execution) {
    return one(jdbi, "SELECT status FROM executions WHERE id = :id", execution, String.class);
  }

  private static <T> T one(Jdbi jdbi, String sql, UUID id, Class<T> type) {
    return jdbi.withHandle(h -> h.createQuery(sql).bind("id", id).mapTo(type).one());
  }

  /** A webhook receiver that takes the request and never answers while the test runs. */
  private static final class SilentReceiver implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    SilentReceiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            requested.countDown();
            try {
              closed.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    boolean awaitRequest() throws InterruptedException {
      return requested.await(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      closed.countDown();
      server.stop(0);
    }
  }
}
