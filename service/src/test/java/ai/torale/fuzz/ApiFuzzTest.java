package ai.torale.fuzz;

import ai.torale.support.Api;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jdbi.v3.core.Jdbi;

/**
 * Generated JSON bodies, query strings and path values thrown at every route: never a 5xx, every
 * error in the {@code {"detail": …}} format, and a rejected request changes nothing.
 */
class ApiFuzzTest {
  private static final List<String> FIELDS =
      List.of(
          "name",
          "search_query",
          "condition_description",
          "state",
          "run_immediately",
          "notifications",
          "delivery",
          "mode",
          "timezone",
          "quiet_hours",
          "urgent_failures",
          "is_public",
          "email",
          "type",
          "url",
          "address",
          "headers",
          "method");
  private static TestDatabase database;
  private static ToraleApp app;
  private static Api api;
  private static String key;
  private static String taskId;

  @BeforeContainer
  static void start() {
    database = TestDatabase.create();
    app = ToraleApp.start(database);
    api = app.api();
    key =
        api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"fuzz@example.com\"}")
            .field("api_key");
    taskId =
        api.post(
                "/api/v1/tasks",
                key,
                "{\"name\":\"fuzzed\",\"search_query\":\"q\",\"state\":\"paused\"}")
            .field("id");
  }

  @AfterContainer
  static void stop() {
    app.close();
    database.close();
  }

  @Property(tries = 150)
  void bodies(@ForAll("routes") String[] route, @ForAll("jsonBodies") String body) {
    check(route[0], route[1].replace("{id}", taskId), body);
  }

  @Property(tries = 150)
  void pathsAndQueries(
      @ForAll("routes") String[] route,
      @ForAll("pathValues") String pathValue,
      @ForAll("queries") String query) {
    check(route[0], route[1].replace("{id}", pathValue) + query, "{}");
  }

  private static void check(String method, String path, String body) {
    String before = snapshot();
    Api.Reply reply = api.send(method, path, key, body);
    if (reply.status() >= 500) {
      throw new AssertionError(method + " " + path + " " + body + " -> " + reply);
    }
    if (reply.status() >= 400) {
      if (reply.json() == null || !reply.json().has("detail")) {
        throw new AssertionError("error out of format: " + method + " " + path + " -> " + reply);
      }
      String after = snapshot();
      if (!before.equals(after)) {
        throw new AssertionError(
            "a rejected request changed state: " + method + " " + path + " " + body);
      }
    }
  }

  /** Everything a request could change, as text. */
  private static String snapshot() {
    Jdbi jdbi = app.jdbi();
    return jdbi.withHandle(h ->
        h.createQuery(
                    "SELECT coalesce(string_agg(row_to_json(t)::text, '|' ORDER BY id), '') "
                        + "FROM (SELECT id, name, search_query, condition_description, state, is_public, notifications, "
                        + "subscriber_count, delivery FROM tasks) t")
                .mapTo(String.class)
                .one()
            + h.createQuery("SELECT count(*) FROM executions").mapTo(String.class).one()
            + h.createQuery("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL")
                .mapTo(String.class)
                .one()
            + h.createQuery("SELECT count(*) FROM users").mapTo(String.class).one()
            + h.createQuery(
                    "SELECT coalesce(string_agg(row_to_json(p)::text, '|' ORDER BY user_id), '') FROM "
                        + "(SELECT user_id, quiet_from, quiet_to, quiet_timezone, urgent_failures "
                        + "FROM user_preferences) p")
                .mapTo(String.class)
                .one());
  }

  @Provide
  Arbitrary<String[]> routes() {
    return Arbitraries.of(
        new String[] {"POST", "/api/v1/tasks"},
        new String[] {"GET", "/api/v1/tasks"},
        new String[] {"GET", "/api/v1/tasks/{id}"},
        new String[] {"PUT", "/api/v1/tasks/{id}"},
        new String[] {"POST", "/api/v1/tasks/{id}/execute"},
        new String[] {"PATCH", "/api/v1/tasks/{id}/visibility"},
        new String[] {"POST", "/api/v1/tasks/{id}/fork"},
        new String[] {"GET", "/api/v1/tasks/{id}/executions"},
        new String[] {"GET", "/api/v1/tasks/{id}/executions/{id}"},
        new String[] {"GET", "/api/v1/tasks/{id}/notifications"},
        new String[] {"POST", "/api/v1/auth/api-keys"},
        new String[] {"DELETE", "/api/v1/auth/api-keys/{id}"},
        new String[] {"PUT", "/api/v1/auth/me/preferences"},
        new String[] {"POST", "/api/v1/admin/users"},
        new String[] {"DELETE", "/api/v1/tasks/{id}"});
  }

  @Provide
  Arbitrary<String> jsonBodies() {
    Arbitrary<String> field =
        Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> member =
        Combinators.combine(field, jsonValues(2)).as((k, v) -> quote(k) + ":" + v);
    Arbitrary<String> object = member.list().ofMaxSize(6).map(m -> "{" + String.join(",", m) + "}");
    Arbitrary<String> garbage = Arbitraries.strings().ofMaxLength(40);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, object),
        net.jqwik.api.Tuple.of(2, jsonValues(3)),
        net.jqwik.api.Tuple.of(2, garbage));
  }

  private Arbitrary<String> jsonValues(int depth) {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30).map(ApiFuzzTest::quote),
            Arbitraries.strings().ofMinLength(190).ofMaxLength(2100).map(ApiFuzzTest::quote),
            Arbitraries.of(
                "true",
                "false",
                "null",
                "0",
                "-1",
                "1e309",
                "9999999999999999999999",
                "\"active\"",
                "\"paused\"",
                "\"completed\"",
                "\"email\"",
                "\"webhook\"",
                "\"https://example.com/h\""),
            Arbitraries.integers().map(String::valueOf));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> array =
        jsonValues(depth - 1).list().ofMaxSize(3).map(v -> "[" + String.join(",", v) + "]");
    Arbitrary<String> object =
        Combinators.combine(Arbitraries.of(FIELDS), jsonValues(depth - 1))
            .as((k, v) -> quote(k) + ":" + v)
            .list()
            .ofMaxSize(3)
            .map(m -> "{" + String.join(",", m) + "}");
    return Arbitraries.oneOf(scalar, array, object);
  }

  @Provide
  Arbitrary<String> pathValues() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .ofMaxLength(50)
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
        Arbitraries.create(() -> UUID.randomUUID().toString()),
        Arbitraries.of(
            "..", "%2e%2e", "00000000-0000-0000-0000-000000000000", "%00", "-1", "null"));
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> name =
        Arbitraries.of("state", "limit", "offset", "force", "suppress_notifications", "x");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.of("-1", "0", "101", "true", "active", "99999999999"));
    return Combinators.combine(name, value)
        .as((n, v) -> n + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
        .list()
        .ofMaxSize(3)
        .map(q -> q.isEmpty() ? "" : "?" + String.join("&", q));
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
