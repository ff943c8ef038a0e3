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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load, route by route: C clients, each its own user with 50 tasks, on one route at a
 * time for S seconds, each route's phase right after its floor's phase in the same app. Floors: for
 * get {@code GET /bench/floor/{id}} (one indexed SELECT, no auth); for list {@code GET
 * /bench/floor/list/{user}} (the same page of 50 tasks with their last executions, one query,
 * generic rows, no auth; the client parses both replies alike); for create and update the write
 * floors ({@link WriteFloors}: the same Temporal call, a workflow start or a signal, and one INSERT
 * or UPDATE, no auth).
 */
final class ApiScenario {
  private static final List<String> ROUTES = List.of("get", "list", "update", "create");

  /**
   * Unique names across warm-up and measured runs (names are unique per owner: a repeat would be a
   * 409).
   */
  private static final AtomicLong NAMES = new AtomicLong();

  private ApiScenario() {}

  private record Client(
      String key, String userId, String creatorKey, String creatorId, List<String> taskIds) {}

  /** One route, ours or its floor; {@code paused}: creates make paused tasks (the warm-up's). */
  private record Phase(String route, boolean floor, boolean paused) {}

  private record Measured(double perSecond, double cpuPerRequest) {}

  static void run(Options o, Database db, GeminiMock mock) throws Exception {
    int clients = o.intOption("clients", 8);
    int seconds = o.intOption("seconds", 20);
    int perUser = o.intOption("per-user", 50);
    int warmup = o.intOption("warmup", 30);
    // A subset, in this order, to profile one route.
    List<String> routes =
        ROUTES.stream()
            .filter(List.of(o.option("routes", "get,list,update,create").split(","))::contains)
            .toList();
    try (App app = new App(db, mock)) {
      app.start();
      Http http = app.http();
      List<Client> setup = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        String[] user = http.newUser(app.adminKey, "bench-api-" + c + "@example.com");
        String[] creator = http.newUser(app.adminKey, "bench-api-creator-" + c + "@example.com");
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Parallel.forEach(
            perUser,
            4,
            i ->
                ids.add(
                    http.ok(
                            "POST",
                            "/api/v1/tasks",
                            user[1],
                            "{\"name\":\"seed "
                                + i
                                + "\",\"search_query\":\"Is ExampleCorp 3.0 out? ("
                                + i
                                + ")\","
                                + "\"condition_description\":\"3.0 is released\",\"state\":\"paused\"}")
                        .json()
                        .path("id")
                        .asText()));
        // The update floor signals a running workflow, as the service signals a running monitor.
        for (String id : ids) {
          app.writeFloors().ensureStarted(UUID.fromString(id), UUID.fromString(user[0]));
        }
        setup.add(new Client(user[1], user[0], creator[1], creator[0], List.copyOf(ids)));
      }
      seedLastExecutions(db);
      Stats.comment(
          "api: "
              + clients
              + " closed-loop clients (no think time), each a user with "
              + perUser
              + " paused tasks (each with a finished check as its last execution, as a task that has run has); "
              + "one route at a time, each after its floor: GET /api/v1/tasks/{id}, GET /api/v1/tasks, "
              + "PUT /api/v1/tasks/{id} (a client resumes one of its tasks, then pauses it again: a signal "
              + "each), POST /api/v1/tasks (an active task, for another user of the client so list stays at "
              + perUser
              + "); "
              + warmup
              + " s warm-up of every route and floor (the JIT is still compiling for tens of seconds on 2 "
              + "cores; warm-up creates are paused tasks, so no checks fall into a measured window), then "
              + seconds
              + " s per phase");
      Stats.comment(
          "floors (bench-only resources in the same app, no auth): get: GET /bench/floor/{id} "
              + "(SELECT id FROM tasks WHERE id = ?); list: GET /bench/floor/list/{user} (the user's 50 "
              + "newest tasks joined with their last executions, one query, written as generic rows; the "
              + "client parses it as it parses the list); update: PUT /bench/floor/tasks/{id} (parse the body, "
              + "UPDATE the task row and signal-with-start a bare workflow, one transaction); create: POST "
              + "/bench/floor/tasks (parse the body, INSERT a task row and start a bare workflow on the "
              + "same server, one transaction)");
      List<Phase> warm = new ArrayList<>();
      for (String route : routes) {
        warm.add(new Phase(route, true, true));
        warm.add(new Phase(route, false, true));
      }
      load(app, setup, warmup, warm, new LinkedHashMap<>(), new long[1]);
      // Creates last: their tasks' first checks are due 30 s on, after every measured phase.
      Map<String, Measured> ours = new LinkedHashMap<>();
      Map<String, Measured> floors = new LinkedHashMap<>();
      for (String route : routes) {
        floors.put(
            route, measure(app, setup, seconds, new Phase(route, true, false), route + "_floor_"));
        ours.put(route, measure(app, setup, seconds, new Phase(route, false, false), route + "_"));
      }
      double worst = 0;
      for (String route : routes) {
        double ratio = ours.get(route).cpuPerRequest() / floors.get(route).cpuPerRequest();
        Stats.ratio(route + "_ratio", ratio);
        worst = Math.max(worst, ratio);
      }
      // The mix the scenario ran before it measured route by route: the four in turn.
      Stats.figure(
          "mixed_cpu_per_request",
          routes.stream().mapToDouble(r -> ours.get(r).cpuPerRequest()).average().orElse(0),
          "ms");
      Stats.comment("ratio = the largest <route>_ratio (CPU per request over its floor's)");
      Stats.ratio(worst);
    }
  }

  /** Runs one phase and prints its figures with {@code prefix}. */
  private static Measured measure(
      App app, List<Client> clients, int seconds, Phase phase, String prefix)
      throws InterruptedException {
    Map<String, List<Long>> latencies = new LinkedHashMap<>();
    long[] errors = new long[1];
    CpuAccount start = CpuAccount.now();
    double perSecond = load(app, clients, seconds, List.of(phase), latencies, errors);
    CpuAccount end = CpuAccount.now();
    List<Long> l = latencies.getOrDefault(key(phase), List.of());
    Stats.figure(prefix + "errors", errors[0], "count");
    Stats.figure(prefix + "requests_per_second", perSecond, "req/s");
    Stats.figure(prefix + "p50", Stats.percentile(l, 50) / 1000.0, "ms");
    Stats.figure(prefix + "p99", Stats.percentile(l, 99) / 1000.0, "ms");
    double cpu = end.reportSince(start, prefix, "request", l.size());
    return new Measured(perSecond, cpu);
  }

  private static String key(Phase phase) {
    return phase.floor() ? phase.route() + "_floor" : phase.route();
  }

  /**
   * Runs the clients for the given seconds, each cycling through {@code phases}; latencies in
   * microseconds by phase; returns requests per second. A client that resumed a task pauses it
   * again before it stops, so no resumed task checks later.
   */
  private static double load(
      App app,
      List<Client> clients,
      int seconds,
      List<Phase> phases,
      Map<String, List<Long>> latencies,
      long[] errors)
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
                String[] resumed = new String[phases.size()];
                int step = index;
                while (true) {
                  int p = step++ % phases.size();
                  Phase phase = phases.get(p);
                  boolean over = System.nanoTime() >= end;
                  if (over && !anyResumed(resumed)) {
                    break;
                  }
                  if (over && resumed[p] == null) {
                    continue;
                  }
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  String id = client.taskIds().get(random.nextInt(client.taskIds().size()));
                  long began = System.nanoTime();
                  Http.Reply reply =
                      switch (phase.route()) {
                        case "create" -> create(http, client, index, phase);
                        case "get" ->
                            phase.floor()
                                ? http.send("GET", "/bench/floor/" + id, null, null)
                                : http.send("GET", "/api/v1/tasks/" + id, client.key(), null);
                        case "list" ->
                            phase.floor()
                                ? http.send(
                                    "GET", "/bench/floor/list/" + client.userId(), null, null)
                                : http.send("GET", "/api/v1/tasks", client.key(), null);
                        default -> {
                          // Resume a task, then pause it again with the next update.
                          String target = resumed[p] != null ? resumed[p] : id;
                          String state = resumed[p] != null ? "paused" : "active";
                          resumed[p] = resumed[p] != null ? null : id;
                          yield update(http, client, phase, target, state);
                        }
                      };
                  long micros = (System.nanoTime() - began) / 1000;
                  if (reply.status() / 100 != 2) {
                    failed.incrementAndGet();
                  } else if (phase.route().equals("list")
                      && !listOk(reply, client.taskIds().size())) {
                    failed.incrementAndGet();
                  }
                  mine.computeIfAbsent(key(phase), r -> new ArrayList<>()).add(micros);
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
    latencies.putAll(all);
    errors[0] = failed.get();
    return count.get() / (double) seconds;
  }

  private static boolean anyResumed(String[] resumed) {
    for (String r : resumed) {
      if (r != null) {
        return true;
      }
    }
    return false;
  }

  private static Http.Reply create(Http http, Client client, int index, Phase phase) {
    String body =
        "{\"name\":\"made "
            + index
            + "-"
            + NAMES.incrementAndGet()
            + "\","
            + "\"search_query\":\"Has ExampleCorp shipped 3.1?\",\"condition_description\":\"3.1 shipped\""
            + (phase.paused() ? ",\"state\":\"paused\"}" : "}");
    return phase.floor()
        ? http.send("POST", "/bench/floor/tasks?user=" + client.creatorId(), null, body)
        : http.send("POST", "/api/v1/tasks", client.creatorKey(), body);
  }

  private static Http.Reply update(Http http, Client client, Phase phase, String id, String state) {
    String body = "{\"state\":\"" + state + "\"}";
    return phase.floor()
        ? http.send("PUT", "/bench/floor/tasks/" + id + "?user=" + client.creatorId(), null, body)
        : http.send("PUT", "/api/v1/tasks/" + id, client.key(), body);
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
