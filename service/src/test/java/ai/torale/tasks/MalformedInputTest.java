package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No request can produce a 500: every route gets malformed JSON, wrong types, huge strings and bad
 * ids.
 */
class MalformedInputTest extends AppTest {
  private static final List<String> BAD_BODIES =
      List.of(
          "{bad json",
          "[1,2,3]",
          "\"a string\"",
          "42",
          "{\"search_query\":",
          "{\"search_query\":null}",
          "{\"search_query\":123}",
          "{\"search_query\":[\"x\"]}",
          "{\"search_query\":{\"a\":1}}",
          "{\"search_query\":\"q\",\"run_immediately\":\"yes\"}",
          "{\"search_query\":\"q\",\"state\":\"bogus\"}",
          "{\"search_query\":\"q\",\"state\":7}",
          "{\"search_query\":\"q\",\"notifications\":\"email\"}",
          "{\"search_query\":\"q\",\"notifications\":[1]}",
          "{\"search_query\":\"q\",\"notifications\":[{\"type\":5}]}",
          "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"webhook\",\"url\":\"https://x.com\",\"headers\":[1]}]}",
          "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"webhook\",\"url\":\"::::\"}]}",
          "{\"name\":\"" + "n".repeat(201) + "\",\"search_query\":\"q\"}",
          "{\"search_query\":\"" + "q".repeat(2001) + "\"}",
          "{\"search_query\":\"q\",\"condition_description\":\"" + "c".repeat(2001) + "\"}",
          "{\"search_query\":\"   \"}",
          "{\"is_public\":\"true\"}",
          "{\"name\":false}",
          "{\"email\":12}",
          "{\"search_query\":\"\\u0000\"}",
          "{\"search_query\":\"q\"," + "\"x\":".repeat(1) + "1e999999}",
          "");
  private String key;
  private String taskId;

  @BeforeAll
  void task() {
    key = newUser();
    taskId = createTask(key, "{\"search_query\":\"q\"}").get("id").asText();
  }

  @Test
  void noBodyOnAnyRouteGivesA5xxAndEveryErrorIsInTheContractsFormat() {
    List<String[]> routes =
        List.of(
            new String[] {"POST", "/api/v1/tasks"},
            new String[] {"PUT", "/api/v1/tasks/" + taskId},
            new String[] {"PATCH", "/api/v1/tasks/" + taskId + "/visibility"},
            new String[] {"POST", "/api/v1/tasks/" + taskId + "/fork"},
            new String[] {"POST", "/api/v1/auth/api-keys"},
            new String[] {"POST", "/api/v1/admin/users"});
    List<String> failures = new ArrayList<>();
    for (String[] route : routes) {
      for (String body : BAD_BODIES) {
        String who = route[1].contains("admin") ? app.adminKey : key;
        Api.Reply reply = api.send(route[0], route[1], who, body);
        // Bodies a route simply ignores may succeed; what never happens is a 5xx or an error out of
        // format.
        if (reply.status() >= 500
            || reply.status() >= 400 && (reply.json() == null || !reply.json().has("detail"))) {
          failures.add(
              route[0]
                  + " "
                  + route[1]
                  + " "
                  + abbreviate(body)
                  + " -> "
                  + abbreviate(reply.text()));
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void fieldErrorsNameTheField() {
    Api.Reply missing = api.post("/api/v1/tasks", key, "{}");
    assertEquals(422, missing.status());
    assertEquals(
        "{\"detail\":[{\"loc\":[\"body\",\"search_query\"],\"msg\":\"Field required\",\"type\":\"missing\"}]}",
        missing.text());
    Api.Reply tooLong =
        api.post(
            "/api/v1/tasks", key, "{\"name\":\"" + "n".repeat(201) + "\",\"search_query\":\"q\"}");
    assertEquals(422, tooLong.status());
    assertEquals("string_too_long", tooLong.json().get("detail").get(0).get("type").asText());
    Api.Reply query =
        api.post("/api/v1/tasks", key, "{\"search_query\":\"" + "q".repeat(2001) + "\"}");
    assertEquals(422, query.status());
    Api.Reply malformed = api.post("/api/v1/tasks", key, "{bad json");
    assertEquals(422, malformed.status());
    assertEquals("json_invalid", malformed.json().get("detail").get(0).get("type").asText());
    for (String trailing :
        List.of(
            "{\"search_query\":\"q\"} trailing",
            "{\"search_query\":\"q\"}{\"name\":\"x\"}",
            "{\"search_query\":\"q\"}]",
            "{\"search_query\":\"q\"} 1")) {
      Api.Reply reply = api.post("/api/v1/tasks", key, trailing);
      assertEquals(422, reply.status(), trailing);
      assertEquals(
          "json_invalid", reply.json().get("detail").get(0).get("type").asText(), trailing);
    }
    assertEquals(
        200,
        api.post("/api/v1/tasks", key, " {\"search_query\":\"q\"}\r\n\t ").status(),
        "whitespace is fine");
    Api.Reply wrongType =
        api.post("/api/v1/tasks", key, "{\"search_query\":\"q\",\"run_immediately\":\"yes\"}");
    assertEquals(
        "[\"body\",\"run_immediately\"]",
        wrongType.json().get("detail").get(0).get("loc").toString());
    Api.Reply exactlyTheLimits =
        api.post(
            "/api/v1/tasks",
            key,
            "{\"name\":\"" + "n".repeat(200) + "\",\"search_query\":\"" + "q".repeat(2000) + "\"}");
    assertEquals(200, exactlyTheLimits.status(), "200 and 2,000 characters are allowed");
  }

  @Test
  void controlAndBidiCharactersAreRefusedInNamesQueriesAndConditions() {
    List<String[]> refused =
        List.of(
            new String[] {"name", "a\\r\\nInjected: header"},
            new String[] {"name", "esc \\u001b[31m red"},
            new String[] {"name", "next line \\u0085 (C1)"},
            new String[] {"name", "tab\\there"},
            new String[] {"search_query", "two\\nlines"},
            new String[] {"search_query", "evil\\u202Eexe.txt"},
            new String[] {"condition_description", "bell \\u0007"},
            new String[] {"condition_description", "isolate \\u2066x\\u2069"},
            new String[] {"condition_description", "delete \\u007f"});
    for (String[] field : refused) {
      String body = "{\"search_query\":\"q\",\"" + field[0] + "\":\"" + field[1] + "\"}";
      Api.Reply reply = api.post("/api/v1/tasks", key, body);
      assertEquals(422, reply.status(), body);
      assertEquals(
          "[\"body\",\"" + field[0] + "\"]",
          reply.json().get("detail").get(0).get("loc").toString(),
          body);
      assertEquals(
          "string_pattern_mismatch", reply.json().get("detail").get(0).get("type").asText());
      assertEquals(422, api.put("/api/v1/tasks/" + taskId, key, body).status(), "update: " + body);
    }
    assertEquals(
        422, api.post("/api/v1/tasks/" + taskId + "/fork", key, "{\"name\":\"x\\ny\"}").status());
    Api.Reply multiLine =
        api.post(
            "/api/v1/tasks",
            key,
            "{\"name\":\"Caf\u00e9 \\uD83D\\uDE00 \u05e9\u05dc\u05d5\u05dd\","
                + "\"search_query\":\"q\",\"condition_description\":\"any of:\\r\\n- one\\n\\t- two\"}");
    assertEquals(
        200,
        multiLine.status(),
        "a condition may span lines; names may be any script: " + multiLine);
    assertEquals(
        "any of:\r\n- one\n\t- two", multiLine.json().get("condition_description").asText());
  }

  @Test
  void badPathAndQueryValuesAre4xx() {
    List<String> failures = new ArrayList<>();
    List<String[]> calls =
        List.of(
            new String[] {"GET", "/api/v1/tasks/not-a-uuid"},
            new String[] {"GET", "/api/v1/tasks/123"},
            new String[] {"GET", "/api/v1/tasks/%00"},
            new String[] {"PUT", "/api/v1/tasks/zzz"},
            new String[] {"DELETE", "/api/v1/tasks/00000000-0000-0000-0000-00000000000g"},
            new String[] {"POST", "/api/v1/tasks/x/execute"},
            new String[] {"POST", "/api/v1/tasks/" + taskId + "/execute?force=perhaps"},
            new String[] {"GET", "/api/v1/tasks/x/executions"},
            new String[] {"GET", "/api/v1/tasks/" + taskId + "/executions/nope"},
            new String[] {"GET", "/api/v1/tasks/" + taskId + "/executions?limit=-5"},
            new String[] {"GET", "/api/v1/tasks/" + taskId + "/executions?offset=-1"},
            new String[] {"GET", "/api/v1/tasks/" + taskId + "/executions?limit=99999999999999"},
            new String[] {"GET", "/api/v1/tasks/" + taskId + "/notifications?limit=abc"},
            new String[] {"GET", "/api/v1/tasks?state=" + "x".repeat(5000)},
            new String[] {"DELETE", "/api/v1/auth/api-keys/not-a-uuid"},
            new String[] {"PATCH", "/api/v1/tasks/x/visibility"},
            new String[] {"POST", "/api/v1/tasks/x/fork"});
    for (String[] call : calls) {
      Api.Reply reply =
          api.send(
              call[0],
              call[1],
              key,
              call[0].equals("GET") || call[0].equals("DELETE") ? null : "{}");
      if (reply.status() < 400 || reply.status() >= 500 || !reply.json().has("detail")) {
        failures.add(call[0] + " " + call[1] + " -> " + reply);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
