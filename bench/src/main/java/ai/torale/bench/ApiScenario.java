package ai.torale.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: C clients, each its own user with 50 tasks, cycling create, get, list and
 * update for S seconds. Floor: the same clients on {@code GET /bench/floor/{id}} (one indexed
 * SELECT) in the same app.
 */
final class ApiScenario {
  private static final List<String> ROUTES = List.of("create", "get", "list", "update");

  /**
   * Unique names across warm-up and measured runs (names are unique per owner: a repeat would be a
   * 409).
   */
  private static final AtomicLong NAMES = new AtomicLong();

  private ApiScenario() {}

  private record Client(String key, String creatorKey, List<String> taskIds) {}

  static void run(Options o, Database db, GeminiMock mock) throws Exception {
    int clients = o.intOption("clients", 8);
    int seconds = o.intOption("seconds", 20);
    int perUser = o.intOption("per-user", 50);
    int warmup = o.intOption("warmup", 30);
    try (App app = new App(db, mock)) {
      app.start();
      Http http = app.http();
      List<Client> setup = new ArrayList<>();
      List<String> allIds = Collections.synchronizedList(new ArrayList<>());
      for (int c = 0; c < clients; c++) {
        String key = http.newUser(app.adminKey, "bench-api-" + c + "@example.com")[1];
        String creator = http.newUser(app.adminKey, "bench-api-creator-" + c + "@example.com")[1];
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Parallel.forEach(
            perUser,
            4,
            i ->
                ids.add(
                    http.ok(
                            "POST",
                            "/api/v1/tasks",
                            key,
                            "{\"name\":\"seed "
                                + i
                                + "\",\"search_query\":\"Is ExampleCorp 3.0 out? ("
                                + i
                                + ")\","
                                + "\"condition_description\":\"3.0 is released\",\"state\":\"paused\"}")
                        .json()
                        .path("id")
                        .asText()));
        allIds.addAll(ids);
        setup.add(new Client(key, creator, List.copyOf(ids)));
      }
      seedLastExecutions(db);
      Stats.comment(
          "api: "
              + clients
              + " closed-loop clients (no think time), each a user with "
              + perUser
              + " paused tasks (each with a finished check as its last execution, as a task that has run has), cycling POST /api/v1/tasks (active task, another user of the client so list stays at "
              + perUser
              + "), GET /api/v1/tasks/{id}, GET /api/v1/tasks, PUT /api/v1/tasks/{id} (rename); "
              + warmup
              + " s warm-up (the JIT is still compiling for tens of seconds on 2 cores; warm-up creates are "
              + "paused tasks, so no checks fall into the measured window), then "
              + seconds
              + " s measured");

      // The floor first: the API phase's creates schedule their first checks 30 s on, so measured
      // afterwards
      // the floor would share the machine with those checks and the API phase would not.
      load(app, setup, warmup, true, null, new long[1], false);
      Map<String, List<Long>> floor = new LinkedHashMap<>();
      long[] floorErrors = new long[1];
      CpuAccount floorStart = CpuAccount.now();
      double floorRps = load(app, setup, seconds, true, floor, floorErrors, false);
      CpuAccount floorEnd = CpuAccount.now();
      List<Long> f = floor.getOrDefault("floor", List.of());
      Stats.comment(
          "floor: GET /bench/floor/{id} (bench-only resource in the same app: no auth, one "
              + "SELECT id FROM tasks WHERE id = ?), same clients, same duration");
      Stats.figure("floor_errors", floorErrors[0], "count");
      Stats.figure("floor_requests_per_second", floorRps, "req/s");
      Stats.figure("floor_p50", Stats.percentile(f, 50) / 1000.0, "ms");
      Stats.figure("floor_p99", Stats.percentile(f, 99) / 1000.0, "ms");
      floorEnd.reportSince(floorStart, "floor_", "request", f.size());
      // Warm-up, not recorded.
      load(app, setup, warmup, false, null, new long[1], true);
      Map<String, List<Long>> ours = new LinkedHashMap<>();
      long[] errors = new long[1];
      CpuAccount start = CpuAccount.now();
      double oursRps = load(app, setup, seconds, false, ours, errors, false);
      CpuAccount end = CpuAccount.now();
      long total = ours.values().stream().mapToLong(List::size).sum();
      Stats.figure("api_requests", total, "count");
      Stats.figure("api_errors", errors[0], "count");
      Stats.figure("api_requests_per_second", oursRps, "req/s");
      end.reportSince(start, "", "request", (int) total);
      for (String route : ROUTES) {
        List<Long> l = ours.getOrDefault(route, List.of());
        Stats.figure(route + "_per_second", l.size() / (double) seconds, "req/s");
        Stats.figure(route + "_p50", Stats.percentile(l, 50) / 1000.0, "ms");
        Stats.figure(route + "_p99", Stats.percentile(l, 99) / 1000.0, "ms");
      }

      Stats.comment(
          "ratio = floor req/s / API req/s (mean cost of an API request over the floor's)");
      Stats.ratio(floorRps / oursRps);
    }
  }

  /**
   * Runs the clients for the given seconds; latencies in microseconds by route; returns requests
   * per second. {@code pausedCreates}: the tasks it creates are paused (a warm-up's tasks must not
   * check during the measured window).
   */
  private static double load(
      App app,
      List<Client> clients,
      int seconds,
      boolean floor,
      Map<String, List<Long>> latencies,
      long[] errors,
      boolean pausedCreates)
      throws InterruptedException {
    if (seconds <= 0) {
      return 0;
    }
    Map<String, List<Long>> all = new ConcurrentHashMap<>();
    AtomicLong count = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients.size(); c++) {
      Client client = clients.get(c);
      int index = c;
      Http http = app.http();
      Thread t =
          new Thread(
              () -> {
                Map<String, List<Long>> mine = new LinkedHashMap<>();
                int step = index;
                while (System.nanoTime() < end) {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  String id = client.taskIds().get(random.nextInt(client.taskIds().size()));
                  String route = floor ? "floor" : ROUTES.get(step++ % ROUTES.size());
                  long began = System.nanoTime();
                  Http.Reply reply =
                      switch (route) {
                        case "create" ->
                            http.send(
                                "POST",
                                "/api/v1/tasks",
                                client.creatorKey(),
                                "{\"name\":\"made "
                                    + index
                                    + "-"
                                    + NAMES.incrementAndGet()
                                    + "\","
                                    + "\"search_query\":\"Has ExampleCorp shipped 3.1?\",\"condition_description\":\"3.1 shipped\""
                                    + (pausedCreates ? ",\"state\":\"paused\"}" : "}"));
                        case "get" -> http.send("GET", "/api/v1/tasks/" + id, client.key(), null);
                        case "list" -> http.send("GET", "/api/v1/tasks", client.key(), null);
                        case "update" ->
                            http.send(
                                "PUT",
                                "/api/v1/tasks/" + id,
                                client.key(),
                                "{\"name\":\"renamed "
                                    + index
                                    + "-"
                                    + NAMES.incrementAndGet()
                                    + "\"}");
                        default -> http.send("GET", "/bench/floor/" + id, null, null);
                      };
                  long micros = (System.nanoTime() - began) / 1000;
                  if (reply.status() / 100 != 2) {
                    failed.incrementAndGet();
                  } else if (route.equals("list") && !listOk(reply, client.taskIds().size())) {
                    failed.incrementAndGet();
                  }
                  mine.computeIfAbsent(route, r -> new ArrayList<>()).add(micros);
                  count.incrementAndGet();
                }
                mine.forEach((r, l) ->
                    all.computeIfAbsent(r, x -> Collections.synchronizedList(new ArrayList<>()))
                        .addAll(l));
              },
              "bench-client-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (latencies != null) {
      latencies.putAll(all);
    }
    errors[0] = failed.get();
    return count.get() / (double) seconds;
  }

  /**
   * Every task so far gets one successful check as its last execution, with a result of a real
   * check's size.
   */
  private static void seedLastExecutions(Database db) throws SQLException {
    String answer = "As of today there is no announcement matching the query. ".repeat(10);
    String result =
        "{\"condition_met\":false,\"answer\":\""
            + answer
            + "\",\"notification\":null,"
            + "\"evidence\":\"The vendor's release notes list 2.0 as the latest release.\",\"confidence\":80,"
            + "\"next_run\":null,\"topic\":\"ExampleCorp 3.0 release\",\"sources\":[{\"url\":\"https://example.org/a\","
            + "\"title\":\"example.org\"},{\"url\":\"https://news.example.com/b\",\"title\":\"news.example.com\"}],"
            + "\"search_queries\":[\"ExampleCorp 3.0 release\"],\"model\":\"bench-model\","
            + "\"usage\":{\"input_tokens\":1063,\"output_tokens\":138}}";
    try (Connection c = db.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, result, created_at) "
                    + "SELECT gen_random_uuid(), id, 'success', 'scheduled', now(), now(), CAST(? AS jsonb), now() "
                    + "FROM tasks WHERE last_execution_id IS NULL");
        PreparedStatement link =
            c.prepareStatement(
                "UPDATE tasks SET last_execution_id = e.id FROM executions e "
                    + "WHERE e.task_id = tasks.id AND tasks.last_execution_id IS NULL")) {
      insert.setString(1, result);
      insert.executeUpdate();
      link.executeUpdate();
    }
  }

  private static boolean listOk(Http.Reply reply, int expected) {
    JsonNode json = reply.json();
    return json.isArray() && json.size() == expected;
  }
}
