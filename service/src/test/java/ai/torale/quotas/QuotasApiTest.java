package ai.torale.quotas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import io.dropwizard.testing.ConfigOverride;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Each per-user limit answers 429 with Retry-After one past it, not before; parallel requests don't
 * overshoot.
 */
class QuotasApiTest extends AppTest {
  private static final String PAUSED = "{\"search_query\":\"Is it out?\",\"state\":\"paused\"}";
  private static final String ACTIVE = "{\"search_query\":\"Is it out?\",\"state\":\"active\"}";
  private static final String HOOK = "{\"url\":\"https://127.0.0.1:9/hook\"}";

  @Override
  protected ConfigOverride[] overrides() {
    return new ConfigOverride[] {
      ConfigOverride.config("quotas.tasks", "3"),
      ConfigOverride.config("quotas.activeTasks", "2"),
      ConfigOverride.config("quotas.apiKeys", "3"),
      ConfigOverride.config("quotas.manualRunsPerHour", "2"),
      ConfigOverride.config("quotas.webhookTestsPerMinute", "2"),
      // The test target is a closed local port: allowed, so each test is sent (and fails to
      // connect).
      ConfigOverride.config("notify.webhookAllowPrivate", "true")
    };
  }

  @Test
  void tasksPerUser() {
    String key = newUser();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Api.Reply created = api.post("/api/v1/tasks", key, PAUSED);
      assertEquals(200, created.status(), created::toString);
      ids.add(created.field("id"));
    }
    assertLimited(
        api.post("/api/v1/tasks", key, PAUSED),
        "Task limit reached: 3 tasks per user; delete one to make room",
        60,
        60);
    assertLimited(
        api.post("/api/v1/tasks/" + ids.get(0) + "/fork", key, null), "Task limit reached", 60, 60);

    assertEquals(204, api.delete("/api/v1/tasks/" + ids.get(0), key).status());
    assertEquals(
        200,
        api.post("/api/v1/tasks/" + ids.get(1) + "/fork", key, null).status(),
        "deleting makes room");
    assertEquals(3, api.get("/api/v1/tasks", key).json().size());
  }

  @Test
  void activeTasksPerUser() {
    String key = newUser();
    String first = created(key, ACTIVE);
    created(key, ACTIVE);
    assertLimited(
        api.post("/api/v1/tasks", key, ACTIVE),
        "Active task limit reached: 2 active tasks per user; pause or complete one first",
        60,
        60);
    String paused = created(key, PAUSED);
    assertLimited(
        api.put("/api/v1/tasks/" + paused, key, "{\"state\":\"active\"}"),
        "Active task limit reached",
        60,
        60);
    assertEquals(
        "paused",
        api.get("/api/v1/tasks/" + paused, key).field("state"),
        "a refused update changes nothing");
    assertEquals(
        200,
        api.put("/api/v1/tasks/" + first, key, "{\"name\":\"still active\"}").status(),
        "an active task's edit is not an activation");

    assertEquals(200, api.put("/api/v1/tasks/" + first, key, "{\"state\":\"paused\"}").status());
    assertEquals(
        "active", api.put("/api/v1/tasks/" + paused, key, "{\"state\":\"active\"}").field("state"));
  }

  @Test
  void apiKeysPerUserAdminsIncluded() {
    for (String key : List.of(newUser(), app.adminKey)) {
      // Each starts with one key.
      Api.Reply second = api.post("/api/v1/auth/api-keys", key, "{\"name\":\"two\"}");
      assertEquals(200, second.status(), second::toString);
      assertEquals(200, api.post("/api/v1/auth/api-keys", key, "{}").status());
      assertLimited(
          api.post("/api/v1/auth/api-keys", key, "{}"),
          "API key limit reached: 3 live keys per user; revoke one first",
          60,
          60);
      assertEquals(204, api.delete("/api/v1/auth/api-keys/" + second.field("id"), key).status());
      assertEquals(
          200, api.post("/api/v1/auth/api-keys", key, "{}").status(), "a revoked key makes room");
    }
  }

  @Test
  void manualRunsPerHourSurviveDeletingTheTask() {
    String key = newUser();
    String one = created(key, PAUSED);
    String two = created(key, PAUSED);
    String three = created(key, PAUSED);
    assertEquals(200, api.post("/api/v1/tasks/" + one + "/execute", key, null).status());
    assertEquals(200, api.post("/api/v1/tasks/" + two + "/execute", key, null).status());
    Api.Reply refused = api.post("/api/v1/tasks/" + three + "/execute", key, null);
    assertLimited(refused, "Manual run limit reached: 2 per hour; try again in ", 3_500, 3_600);
    assertEquals(
        0,
        api.get("/api/v1/tasks/" + three + "/executions", key).json().size(),
        "a refused run leaves no execution");

    assertEquals(204, api.delete("/api/v1/tasks/" + one, key).status());
    assertLimited(
        api.post("/api/v1/tasks/" + three + "/execute", key, null),
        "Manual run limit reached",
        3_500,
        3_600);
  }

  @Test
  void webhookTestsPerMinute() {
    String key = newUser();
    assertEquals(200, api.post("/api/v1/webhooks/test", key, HOOK).status());
    assertEquals(200, api.post("/api/v1/webhooks/test", key, HOOK).status());
    assertLimited(
        api.post("/api/v1/webhooks/test", key, HOOK),
        "Webhook test limit reached: 2 per minute; try again in ",
        1,
        60);
    assertEquals(
        200,
        api.post("/api/v1/webhooks/test", newUser(), HOOK).status(),
        "another user has their own");
  }

  @Test
  void parallelRequestsAtTheLimitDoNotOvershoot() throws Exception {
    String key = newUser();
    assertEquals(
        List.of(200, 200, 200),
        oks(parallel(10, () -> api.post("/api/v1/tasks", key, PAUSED).status())));
    assertEquals(3, api.get("/api/v1/tasks", key).json().size());

    assertEquals(
        List.of(200, 200),
        oks(parallel(10, () -> api.post("/api/v1/auth/api-keys", key, "{}").status())));
    assertEquals(3, api.get("/api/v1/auth/api-keys", key).json().size());

    Queue<String> tasks = new ConcurrentLinkedQueue<>();
    api.get("/api/v1/tasks", key).json().forEach(t -> tasks.add(t.get("id").asText()));
    List<Integer> runs =
        parallel(
            3, () -> api.post("/api/v1/tasks/" + tasks.poll() + "/execute", key, null).status());
    assertEquals(List.of(200, 200), oks(runs), runs.toString());
  }

  private static void assertLimited(
      Api.Reply reply, String detailStart, long minRetry, long maxRetry) {
    assertEquals(429, reply.status(), reply::toString);
    assertTrue(reply.field("detail").startsWith(detailStart), reply::toString);
    assertEquals(1, reply.json().size(), "the body is only {\"detail\": …}");
    long retryAfter = Long.parseLong(reply.header("Retry-After"));
    assertTrue(retryAfter >= minRetry && retryAfter <= maxRetry, "Retry-After " + retryAfter);
  }

  /** A new user; creating one is never limited. */
  @Override
  protected String newUser() {
    Api.Reply reply =
        api.post(
            "/api/v1/admin/users",
            app.adminKey,
            "{\"email\":\"quota-" + UUID.randomUUID() + "@example.com\"}");
    assertEquals(200, reply.status(), reply::toString);
    assertNull(reply.header("Retry-After"));
    return reply.field("api_key");
  }

  private String created(String key, String body) {
    Api.Reply reply = api.post("/api/v1/tasks", key, body);
    assertEquals(200, reply.status(), reply::toString);
    return reply.field("id");
  }

  private static List<Integer> oks(List<Integer> statuses) {
    assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 429), statuses.toString());
    return statuses.stream().filter(s -> s == 200).toList();
  }

  /** Runs {@code n} calls at once (released together) and returns their statuses. */
  private static List<Integer> parallel(int n, Callable<Integer> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(() -> {
              go.await();
              return call.call();
            }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : futures) {
        statuses.add(f.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }
}
