package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One user can never read, change, run or fork another's private task: every route answers 404. */
class IsolationTest extends AppTest {

  @Test
  void anotherUsersPrivateTaskIsInvisibleOnEveryRoute() {
    String owner = newUser();
    String stranger = newUser();
    verifyEmail(owner, "owner@example.com");
    String id =
        createTask(
                owner,
                "{\"name\":\"secret\",\"search_query\":\"q\",\"notifications\":[{\"type\":"
                    + "\"email\",\"address\":\"owner@example.com\"}]}")
            .get("id")
            .asText();
    String executionId = api.post("/api/v1/tasks/" + id + "/execute", owner, null).field("id");
    String before = ownedFields(api.get("/api/v1/tasks/" + id, owner).json());

    List<String[]> routes =
        List.of(
            new String[] {"GET", "/api/v1/tasks/" + id, null},
            new String[] {"PUT", "/api/v1/tasks/" + id, "{\"name\":\"mine now\"}"},
            new String[] {"PUT", "/api/v1/tasks/" + id, "{\"state\":\"paused\"}"},
            new String[] {"DELETE", "/api/v1/tasks/" + id, null},
            new String[] {"POST", "/api/v1/tasks/" + id + "/execute", null},
            new String[] {"POST", "/api/v1/tasks/" + id + "/execute?force=true", null},
            new String[] {"PATCH", "/api/v1/tasks/" + id + "/visibility", "{\"is_public\":true}"},
            new String[] {"POST", "/api/v1/tasks/" + id + "/fork", null},
            new String[] {"GET", "/api/v1/tasks/" + id + "/executions", null},
            new String[] {"GET", "/api/v1/tasks/" + id + "/executions/" + executionId, null},
            new String[] {"GET", "/api/v1/tasks/" + id + "/notifications", null});
    List<String> leaks = new ArrayList<>();
    for (String[] route : routes) {
      Api.Reply reply = api.send(route[0], route[1], stranger, route[2]);
      if (reply.status() != 404 || !"Task not found".equals(reply.field("detail"))) {
        leaks.add(route[0] + " " + route[1] + " -> " + reply);
      }
    }
    assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    assertEquals(
        404, api.get("/api/v1/tasks/" + id, null).status(), "nor can anyone unauthenticated");
    assertFalse(api.get("/api/v1/tasks", stranger).text().contains(id), "nor find it in a list");
    assertEquals(
        before,
        ownedFields(api.get("/api/v1/tasks/" + id, owner).json()),
        "nothing the stranger did changed it");
    Api.Reply keys = api.get("/api/v1/auth/api-keys", stranger);
    assertEquals(1, keys.json().size(), "a user lists only their own keys");
  }

  private static String ownedFields(com.fasterxml.jackson.databind.JsonNode task) {
    return List.of(
            "name",
            "search_query",
            "state",
            "is_public",
            "notifications",
            "subscriber_count",
            "view_count")
        .stream()
        .map(f -> f + "=" + task.get(f))
        .toList()
        .toString();
  }
}
