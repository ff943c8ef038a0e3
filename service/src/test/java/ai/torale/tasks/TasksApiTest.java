package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the Tasks API, field for field and status for status, against the running
 * service.
 */
class TasksApiTest extends AppTest {
  private String alice;
  private String bob;

  @BeforeAll
  void users() {
    alice = newUser();
    bob = newUser();
    verifyEmail(alice, "alice@example.com");
  }

  @Test
  void createAppliesTheContractsDefaults() {
    Instant before = Instant.now();
    JsonNode task =
        createTask(alice, "{\"search_query\":\"When is the next iPhone being released?\"}");
    assertNotNull(UUID.fromString(task.get("id").asText()));
    assertNotNull(UUID.fromString(task.get("user_id").asText()));
    assertTrue(task.get("name").asText().startsWith("New Monitor"));
    assertEquals(
        "When is the next iPhone being released?", task.get("condition_description").asText());
    assertEquals("active", task.get("state").asText());
    Instant nextRun = Instant.parse(task.get("next_run").asText());
    assertTrue(
        nextRun.isAfter(before) && nextRun.isBefore(before.plus(Duration.ofMinutes(1))),
        "first check within a minute");
    assertFalse(task.get("is_public").asBoolean());
    assertEquals(0, task.get("view_count").asInt());
    assertEquals(0, task.get("subscriber_count").asInt());
    for (String nullField :
        List.of(
            "forked_from_task_id",
            "last_known_state",
            "last_execution_id",
            "last_execution",
            "updated_at",
            "immediate_execution_error",
            "notification_email",
            "webhook_url")) {
      assertTrue(
          task.has(nullField) && task.get(nullField).isNull(), nullField + " is present and null");
    }
    assertTrue(task.get("notifications").isArray() && task.get("notifications").isEmpty());
    assertNotNull(Instant.parse(task.get("created_at").asText()));
    assertNotNull(Instant.parse(task.get("state_changed_at").asText()));
  }

  @Test
  void defaultNamesCountUpAndExplicitDuplicatesConflict() {
    String carol = newUser();
    assertEquals(
        "New Monitor", createTask(carol, "{\"search_query\":\"q1\"}").get("name").asText());
    assertEquals(
        "New Monitor 2", createTask(carol, "{\"search_query\":\"q2\"}").get("name").asText());
    createTask(carol, "{\"name\":\"Mine\",\"search_query\":\"q3\"}");
    Api.Reply duplicate =
        api.post("/api/v1/tasks", carol, "{\"name\":\"Mine\",\"search_query\":\"q4\"}");
    assertEquals(409, duplicate.status());
    assertEquals("A task named 'Mine' already exists", duplicate.field("detail"));
    // Another user may use the same name.
    createTask(bob, "{\"name\":\"Mine\",\"search_query\":\"q5\"}");
  }

  @Test
  void createPausedHasNoNextRunAndCompletedIsNotAnInitialState() {
    JsonNode paused = createTask(alice, "{\"search_query\":\"q\",\"state\":\"paused\"}");
    assertEquals("paused", paused.get("state").asText());
    assertTrue(paused.get("next_run").isNull());
    Api.Reply completed =
        api.post("/api/v1/tasks", alice, "{\"search_query\":\"q\",\"state\":\"completed\"}");
    assertEquals(422, completed.status());
    assertEquals(
        "[\"body\",\"state\"]", completed.json().get("detail").get(0).get("loc").toString());
    assertEquals("enum", completed.json().get("detail").get(0).get("type").asText());
  }

  @Test
  void runImmediatelyStartsACheckThatFailsReadablyWithoutAProvider() {
    JsonNode task = createTask(alice, "{\"search_query\":\"q\",\"run_immediately\":true}");
    assertTrue(task.get("immediate_execution_error").isNull());
    String id = task.get("id").asText();
    Api.Reply executions =
        await(
            Duration.ofSeconds(20),
            () -> api.get("/api/v1/tasks/" + id + "/executions", alice),
            r -> r.json().size() == 1 && "failed".equals(r.json().get(0).get("status").asText()));
    JsonNode execution = executions.json().get(0);
    assertTrue(
        execution.get("error_message").asText().startsWith("No search provider configured: "),
        execution::toString);
    assertEquals(id, execution.get("task_id").asText());
    assertFalse(execution.has("internal_error"), "internal errors are never served");
    JsonNode again = api.get("/api/v1/tasks/" + id, alice).json();
    assertEquals(execution.get("id").asText(), again.get("last_execution_id").asText());
    assertEquals("failed", again.get("last_execution").get("status").asText());
    assertFalse(
        again.get("last_execution").has("internal_error"), "internal errors are never served");
    JsonNode listed = null;
    for (JsonNode t : api.get("/api/v1/tasks", alice).json()) {
      listed = id.equals(t.get("id").asText()) ? t : listed;
    }
    assertEquals(
        execution.get("id").asText(),
        listed.get("last_execution").get("id").asText(),
        "list embeds it too");
    JsonNode renamed =
        api.put("/api/v1/tasks/" + id, alice, "{\"name\":\"Renamed after a check\"}").json();
    assertEquals(
        "failed",
        renamed.get("last_execution").get("status").asText(),
        "and so does an update's answer");
  }

  @Test
  void notificationsAreValidated() {
    List<String> bad =
        List.of(
            "[{\"type\":\"email\"}]",
            "[{\"type\":\"email\",\"address\":\"not-an-address\"}]",
            "[{\"type\":\"webhook\"}]",
            "[{\"type\":\"webhook\",\"url\":\"http://example.com/hook\"}]",
            "[{\"type\":\"webhook\",\"url\":\"https://[fe80::1%25lo]/\"}]",
            "[{\"type\":\"webhook\",\"url\":\"https://[::ffff:0:7f00:1]/\"}]",
            "[{\"type\":\"webhook\",\"url\":\"https://example.com/hook\",\"method\":\"GET\"}]",
            "[{\"type\":\"webhook\",\"url\":\"https://example.com/hook\",\"headers\":{\"X-Torale-Signature\":\"x\"}}]",
            "[{\"type\":\"email\",\"address\":\"a@example.com\"},{\"type\":\"email\",\"address\":\"b@example.com\"}]");
    for (String channels : bad) {
      Api.Reply reply =
          api.post(
              "/api/v1/tasks",
              alice,
              "{\"search_query\":\"q\",\"notifications\":" + channels + "}");
      assertEquals(400, reply.status(), channels);
      assertTrue(reply.field("detail").startsWith("Invalid notification: "), reply::toString);
    }
  }

  @Test
  void aChannelsTypeAndSecretAreFieldErrors() {
    String hook = "{\"type\":\"webhook\",\"url\":\"https://example.com/hook\",\"secret\":";
    List<String[]> cases =
        List.of(
            new String[] {
              "[{\"type\":\"sms\",\"address\":\"123\"}]",
              "[\"body\",\"notifications\",0,\"type\"]",
              "enum"
            },
            new String[] {
              "[{\"type\":\"email\",\"address\":\"alice@example.com\"},{\"type\":7}]",
              "[\"body\",\"notifications\",1,\"type\"]",
              "enum"
            },
            new String[] {
              "[{\"address\":\"alice@example.com\"}]",
              "[\"body\",\"notifications\",0,\"type\"]",
              "missing"
            },
            new String[] {
              "[" + hook + "\"x\"}]",
              "[\"body\",\"notifications\",0,\"secret\"]",
              "string_too_short"
            },
            new String[] {
              "[" + hook + "\"" + "s".repeat(15) + "\"}]",
              "[\"body\",\"notifications\",0,\"secret\"]",
              "string_too_short"
            },
            new String[] {
              "[" + hook + "\"" + "s".repeat(257) + "\"}]",
              "[\"body\",\"notifications\",0,\"secret\"]",
              "string_too_long"
            });
    for (String[] c : cases) {
      Api.Reply reply =
          api.post(
              "/api/v1/tasks", alice, "{\"search_query\":\"q\",\"notifications\":" + c[0] + "}");
      assertEquals(422, reply.status(), c[0]);
      assertEquals(c[1], reply.json().get("detail").get(0).get("loc").toString(), c[0]);
      assertEquals(c[2], reply.json().get("detail").get(0).get("type").asText(), c[0]);
    }
    JsonNode sixteen =
        createTask(
            alice,
            "{\"search_query\":\"q\",\"notifications\":[" + hook + "\"" + "s".repeat(16) + "\"}]}");
    assertEquals("s".repeat(16), sixteen.get("notifications").get(0).get("secret").asText());
  }

  @Test
  void notificationEmailAndWebhookUrlAreReadOnly() {
    for (String field : List.of("notification_email", "webhook_url")) {
      String body = "{\"search_query\":\"q\",\"" + field + "\":\"https://example.com/hook\"}";
      Api.Reply created = api.post("/api/v1/tasks", alice, body);
      assertEquals(422, created.status(), created::toString);
      assertEquals(
          "[\"body\",\"" + field + "\"]",
          created.json().get("detail").get(0).get("loc").toString());
      assertEquals("read_only", created.json().get("detail").get(0).get("type").asText());
    }
    JsonNode task =
        createTask(
            alice, "{\"search_query\":\"q\",\"notification_email\":null,\"webhook_url\":null}");
    String path = "/api/v1/tasks/" + task.get("id").asText();
    assertEquals(
        422, api.put(path, alice, "{\"webhook_url\":\"https://example.com/hook\"}").status());
    assertEquals(
        200,
        api.put(path, alice, task.toString()).status(),
        "what a client read, sent back as it is");

    // A task with both channels shows their address and URL; sending those back is no change,
    // anything else is.
    JsonNode withChannels =
        createTask(
            alice,
            "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"webhook\","
                + "\"url\":\"https://example.com/hook\"},{\"type\":\"email\",\"address\":\"alice@example.com\"}]}");
    String withPath = "/api/v1/tasks/" + withChannels.get("id").asText();
    Api.Reply sentBack =
        api.put(
            withPath,
            alice,
            "{\"notification_email\":\"alice@example.com\","
                + "\"webhook_url\":\"https://example.com/hook\",\"name\":\"Read and sent back\"}");
    assertEquals(200, sentBack.status(), sentBack::toString);
    assertEquals(
        422, api.put(withPath, alice, "{\"notification_email\":\"other@example.com\"}").status());
  }

  @Test
  void emailNotificationsGoOnlyToTheAccountOrAVerifiedAddress() {
    Api.Reply unverified =
        api.post(
            "/api/v1/tasks",
            alice,
            "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"email\",\"address\":\"stranger@example.com\"}]}");
    assertEquals(400, unverified.status());
    assertEquals(
        "Invalid notification: Email address not verified: stranger@example.com",
        unverified.field("detail"));
    String own = api.get("/api/v1/auth/me", bob).field("email");
    createTask(
        bob,
        "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"email\",\"address\":\""
            + own
            + "\"}]}");
  }

  @Test
  void webhookSecretIsGeneratedShownToTheOwnerAndKeptWhileTheUrlStays() {
    JsonNode task =
        createTask(
            alice,
            "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"webhook\","
                + "\"url\":\"https://example.com/hook\",\"headers\":{\"X-Custom\":\"v\"}},"
                + "{\"type\":\"email\",\"address\":\"alice@example.com\"}]}");
    JsonNode webhook = task.get("notifications").get(0);
    String secret = webhook.get("secret").asText();
    assertTrue(
        secret.startsWith("whsec_") && secret.length() >= 6 + 43, "32 random bytes: " + secret);
    assertEquals("POST", webhook.get("method").asText());
    assertEquals("v", webhook.get("headers").get("X-Custom").asText());
    assertEquals("https://example.com/hook", task.get("webhook_url").asText());
    assertEquals("alice@example.com", task.get("notification_email").asText());
    String id = task.get("id").asText();
    JsonNode same =
        api.put(
                "/api/v1/tasks/" + id,
                alice,
                "{\"notifications\":[{\"type\":\"webhook\",\"url\":\"https://example.com/hook\"}]}")
            .json();
    assertEquals(secret, same.get("notifications").get(0).get("secret").asText());
    JsonNode moved =
        api.put(
                "/api/v1/tasks/" + id,
                alice,
                "{\"notifications\":[{\"type\":\"webhook\",\"url\":\"https://example.com/other\"}]}")
            .json();
    assertNotEquals(secret, moved.get("notifications").get(0).get("secret").asText());
  }

  @Test
  void listIsABareArrayFilteredByState() {
    String dave = newUser();
    createTask(dave, "{\"name\":\"a\",\"search_query\":\"q\"}");
    createTask(dave, "{\"name\":\"p\",\"search_query\":\"q\",\"state\":\"paused\"}");
    Api.Reply all = api.get("/api/v1/tasks", dave);
    assertEquals(200, all.status());
    assertTrue(all.json().isArray());
    assertEquals(2, all.json().size());
    assertFalse(all.json().get(0).has("immediate_execution_error"), "only create carries it");
    Api.Reply paused = api.get("/api/v1/tasks/?state=paused", dave);
    assertEquals(1, paused.json().size());
    assertEquals("p", paused.json().get(0).get("name").asText());
    assertEquals(0, api.get("/api/v1/tasks?state=completed", dave).json().size());
    Api.Reply bogus = api.get("/api/v1/tasks?state=bogus", dave);
    assertEquals(422, bogus.status());
    assertEquals("[\"query\",\"state\"]", bogus.json().get("detail").get(0).get("loc").toString());
  }

  @Test
  void listIsPagedNewestFirstAndAnswersAtMostAHundredUnasked() {
    String erin = newUser();
    UUID owner = UUID.fromString(api.get("/api/v1/auth/me", erin).field("id"));
    // Rows straight into the table: 105 tasks through the API would start 105 monitors.
    app.jdbi()
        .useHandle(h ->
            h.execute(
                "INSERT INTO tasks (id, user_id, name, search_query, condition_description, "
                    + "state, state_changed_at, created_at) SELECT gen_random_uuid(), ?, 'task ' || i, 'q', 'q', 'paused', now(), "
                    + "now() + i * interval '1 second' FROM generate_series(1, 105) AS i",
                owner));
    assertEquals(100, api.get("/api/v1/tasks", erin).json().size(), "the default page");
    List<String> newest = names(api.get("/api/v1/tasks?limit=2", erin).json());
    assertEquals(List.of("task 105", "task 104"), newest);
    assertEquals(
        List.of("task 103", "task 102"),
        names(api.get("/api/v1/tasks?limit=2&offset=2", erin).json()));
    assertEquals(
        List.of("task 1"), names(api.get("/api/v1/tasks?offset=104&state=paused", erin).json()));
    assertEquals(0, api.get("/api/v1/tasks?offset=105", erin).json().size());
    for (String query :
        List.of("limit=0", "limit=101", "limit=-1", "limit=abc", "offset=-1", "offset=x")) {
      Api.Reply reply = api.get("/api/v1/tasks?" + query, erin);
      assertEquals(422, reply.status(), query);
      assertEquals(
          "[\"query\",\"" + query.substring(0, query.indexOf('=')) + "\"]",
          reply.json().get("detail").get(0).get("loc").toString());
    }
  }

  @Test
  void getAnswersOwnerPublicAndPrivateAsTheContractSays() {
    JsonNode task =
        createTask(
            alice,
            "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"email\","
                + "\"address\":\"alice@example.com\"}]}");
    String id = task.get("id").asText();
    assertEquals(200, api.get("/api/v1/tasks/" + id, alice).status());
    assertEquals(404, api.get("/api/v1/tasks/" + id, bob).status());
    assertEquals("Task not found", api.get("/api/v1/tasks/" + id, null).field("detail"));
    assertEquals(404, api.get("/api/v1/tasks/" + UUID.randomUUID(), alice).status());
    assertEquals(422, api.get("/api/v1/tasks/not-a-uuid", alice).status());

    Api.Reply visible =
        api.patch("/api/v1/tasks/" + id + "/visibility", alice, "{\"is_public\":true}");
    assertEquals(200, visible.status());
    assertEquals("{\"is_public\":true}", visible.text());
    JsonNode seen = api.get("/api/v1/tasks/" + id, bob).json();
    assertEquals(0, seen.get("notifications").size());
    assertTrue(seen.get("notification_email").isNull());
    assertTrue(seen.get("webhook_url").isNull());
    assertEquals(1, seen.get("view_count").asInt());
    JsonNode anonymous = api.get("/api/v1/tasks/" + id, null).json();
    assertEquals(2, anonymous.get("view_count").asInt());
    JsonNode owner = api.get("/api/v1/tasks/" + id, alice).json();
    assertEquals(2, owner.get("view_count").asInt(), "the owner's views are not counted");
    assertEquals("alice@example.com", owner.get("notification_email").asText());
  }

  @Test
  void nonOwnersOfAPublicTaskGetANeutralErrorMessage() {
    String id =
        createTask(alice, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText();
    String reason = "Gemini rejected the API key (HTTP 400); set a valid GEMINI_API_KEY";
    app.jdbi()
        .useHandle(h -> {
          UUID execution = UUID.randomUUID();
          h.execute(
              "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, error_message, "
                  + "created_at) VALUES (?, ?, 'failed', 'scheduled', now(), now(), ?, now())",
              execution,
              UUID.fromString(id),
              reason);
          h.execute(
              "UPDATE tasks SET last_execution_id = ? WHERE id = ?",
              execution,
              UUID.fromString(id));
        });
    api.patch("/api/v1/tasks/" + id + "/visibility", alice, "{\"is_public\":true}");
    for (String viewer : new String[] {bob, null}) {
      JsonNode seen = api.get("/api/v1/tasks/" + id, viewer).json();
      assertEquals("failed", seen.get("last_execution").get("status").asText());
      assertEquals(
          "The check failed",
          seen.get("last_execution").get("error_message").asText(),
          seen::toString);
      assertFalse(seen.toString().contains("GEMINI"), seen::toString);
      assertEquals(
          api.get("/api/v1/auth/me", alice).field("id"),
          seen.get("user_id").asText(),
          "the contract's field");
      assertEquals(
          viewer == null ? 401 : 404,
          api.get("/api/v1/tasks/" + id + "/executions", viewer).status(),
          "only the owner lists the checks");
    }
    assertEquals(
        reason,
        api.get("/api/v1/tasks/" + id, alice)
            .json()
            .get("last_execution")
            .get("error_message")
            .asText(),
        "the owner reads the reason");
  }

  @Test
  void updateIsPartialAndValidatesTransitions() {
    JsonNode task = createTask(alice, "{\"name\":\"upd\",\"search_query\":\"q\"}");
    String id = task.get("id").asText();
    String path = "/api/v1/tasks/" + id;
    JsonNode renamed = api.put(path, alice, "{\"name\":\"upd renamed\"}").json();
    assertEquals("upd renamed", renamed.get("name").asText());
    assertEquals("q", renamed.get("search_query").asText());
    assertNotNull(Instant.parse(renamed.get("updated_at").asText()));

    JsonNode paused = api.put(path, alice, "{\"state\":\"paused\"}").json();
    assertEquals("paused", paused.get("state").asText());
    assertTrue(paused.get("next_run").isNull());
    Api.Reply invalid = api.put(path, alice, "{\"state\":\"completed\"}");
    assertEquals(400, invalid.status());
    assertEquals("Invalid state transition: paused -> completed", invalid.field("detail"));
    Api.Reply rolledBack =
        api.put(path, alice, "{\"name\":\"should not stick\",\"state\":\"completed\"}");
    assertEquals(400, rolledBack.status());
    assertEquals(
        "upd renamed",
        api.get(path, alice).json().get("name").asText(),
        "the whole request is rolled back");

    Instant beforeResume = Instant.now();
    JsonNode resumed = api.put(path, alice, "{\"state\":\"active\"}").json();
    assertEquals("active", resumed.get("state").asText());
    assertTrue(
        Instant.parse(resumed.get("next_run").asText()).isBefore(beforeResume.plusSeconds(61)));
    JsonNode completed = api.put(path, alice, "{\"state\":\"completed\"}").json();
    assertEquals("completed", completed.get("state").asText());
    assertTrue(completed.get("next_run").isNull());
    JsonNode reactivated = api.put(path, alice, "{\"state\":\"active\"}").json();
    assertEquals("active", reactivated.get("state").asText());
    assertFalse(reactivated.get("next_run").isNull());

    createTask(alice, "{\"name\":\"taken\",\"search_query\":\"q\"}");
    assertEquals(409, api.put(path, alice, "{\"name\":\"taken\"}").status());
    assertEquals(
        404, api.put("/api/v1/tasks/" + UUID.randomUUID(), alice, "{\"name\":\"x\"}").status());
    assertEquals(422, api.put(path, alice, "{\"state\":\"sleeping\"}").status());
  }

  @Test
  void deleteRemovesTheTaskAndAnswers204() {
    String id = createTask(alice, "{\"search_query\":\"q\"}").get("id").asText();
    Api.Reply deleted = api.delete("/api/v1/tasks/" + id, alice);
    assertEquals(204, deleted.status());
    assertEquals("", deleted.text());
    assertEquals(404, api.get("/api/v1/tasks/" + id, alice).status());
    assertEquals(404, api.delete("/api/v1/tasks/" + id, alice).status());
  }

  @Test
  void executeAnswersAPendingExecutionAndExecutionsAreListedNewestFirst() {
    String id =
        createTask(alice, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText();
    Api.Reply run = api.post("/api/v1/tasks/" + id + "/execute", alice, null);
    assertEquals(200, run.status(), run::toString);
    JsonNode execution = run.json();
    for (String field :
        List.of(
            "id",
            "task_id",
            "status",
            "started_at",
            "completed_at",
            "result",
            "error_message",
            "notification",
            "grounding_sources",
            "created_at")) {
      assertTrue(execution.has(field), field);
    }
    assertEquals(id, execution.get("task_id").asText());
    assertTrue(List.of("pending", "running", "failed").contains(execution.get("status").asText()));
    String first = execution.get("id").asText();
    await(
        Duration.ofSeconds(20),
        () -> api.get("/api/v1/tasks/" + id + "/executions/" + first, alice),
        r -> "failed".equals(r.field("status")));
    String second = api.post("/api/v1/tasks/" + id + "/execute", alice, null).field("id");
    await(
        Duration.ofSeconds(20),
        () -> api.get("/api/v1/tasks/" + id + "/executions/" + second, alice),
        r -> "failed".equals(r.field("status")));

    JsonNode list = api.get("/api/v1/tasks/" + id + "/executions", alice).json();
    assertEquals(List.of(second, first), ids(list));
    assertEquals(
        List.of(first),
        ids(api.get("/api/v1/tasks/" + id + "/executions?limit=1&offset=1", alice).json()));
    JsonNode task = api.get("/api/v1/tasks/" + id, alice).json();
    assertEquals("paused", task.get("state").asText(), "a manual run changes neither state");
    assertTrue(task.get("next_run").isNull(), "nor schedule");

    for (String query : List.of("limit=0", "limit=101", "limit=-1", "limit=abc", "offset=-1")) {
      Api.Reply reply = api.get("/api/v1/tasks/" + id + "/executions?" + query, alice);
      assertEquals(422, reply.status(), query);
      assertEquals("query", reply.json().get("detail").get(0).get("loc").get(0).asText());
    }
    assertEquals(
        404, api.get("/api/v1/tasks/" + id + "/executions/" + UUID.randomUUID(), alice).status());
    assertEquals(404, api.get("/api/v1/tasks/" + id + "/executions", bob).status());
    assertEquals(
        404, api.post("/api/v1/tasks/" + UUID.randomUUID() + "/execute", alice, null).status());
  }

  @Test
  void aCompletedTaskCanStillBeRunOnceAndStaysCompleted() {
    String id = createTask(alice, "{\"search_query\":\"q\"}").get("id").asText();
    assertEquals(
        "completed",
        api.put("/api/v1/tasks/" + id, alice, "{\"state\":\"completed\"}").field("state"));
    Api.Reply run = api.post("/api/v1/tasks/" + id + "/execute", alice, null);
    assertEquals(200, run.status(), run::toString);
    String execution = run.field("id");
    await(
        Duration.ofSeconds(20),
        () -> api.get("/api/v1/tasks/" + id + "/executions/" + execution, alice),
        r -> "failed".equals(r.field("status")));
    JsonNode task = api.get("/api/v1/tasks/" + id, alice).json();
    assertEquals("completed", task.get("state").asText());
    assertTrue(task.get("next_run").isNull());
  }

  @Test
  void notificationsListsOnlyExecutionsThatNotified() {
    String id =
        createTask(alice, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText();
    UUID notified = UUID.randomUUID();
    UUID quiet = UUID.randomUUID();
    app.jdbi()
        .useHandle(h -> {
          h.execute(
              "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, notification, "
                  + "created_at) VALUES (?, ?, 'success', 'scheduled', now(), now(), 'It is out', now())",
              notified,
              UUID.fromString(id));
          h.execute(
              "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, created_at) "
                  + "VALUES (?, ?, 'success', 'scheduled', now(), now(), now())",
              quiet,
              UUID.fromString(id));
        });
    JsonNode list = api.get("/api/v1/tasks/" + id + "/notifications", alice).json();
    assertEquals(List.of(notified.toString()), ids(list));
    assertEquals("It is out", list.get(0).get("notification").asText());
    assertEquals(404, api.get("/api/v1/tasks/" + id + "/notifications", bob).status());
  }

  @Test
  void forkCopiesPausedScrubbedAndCountsSubscribers() {
    JsonNode source =
        createTask(
            alice,
            "{\"name\":\"Launch\",\"search_query\":\"q\",\"condition_description\":\"c\","
                + "\"notifications\":[{\"type\":\"email\",\"address\":\"alice@example.com\"}]}");
    String id = source.get("id").asText();
    assertEquals(
        404,
        api.post("/api/v1/tasks/" + id + "/fork", bob, null).status(),
        "private tasks cannot be forked");
    api.patch("/api/v1/tasks/" + id + "/visibility", alice, "{\"is_public\":true}");

    JsonNode fork = api.post("/api/v1/tasks/" + id + "/fork", bob, null).json();
    assertEquals("Launch (Copy)", fork.get("name").asText());
    assertEquals("paused", fork.get("state").asText());
    assertFalse(fork.get("is_public").asBoolean());
    assertEquals(id, fork.get("forked_from_task_id").asText());
    assertEquals("q", fork.get("search_query").asText());
    assertEquals("c", fork.get("condition_description").asText());
    assertEquals(0, fork.get("notifications").size(), "another user's notifications are scrubbed");
    assertEquals(
        "Launch (Copy 2)",
        api.post("/api/v1/tasks/" + id + "/fork", bob, "").json().get("name").asText());
    assertEquals(
        "Launch (Copy 3)",
        api.post("/api/v1/tasks/" + id + "/fork", bob, "{}").json().get("name").asText());
    assertEquals(
        "Mine too",
        api.post("/api/v1/tasks/" + id + "/fork", bob, "{\"name\":\"Mine too\"}")
            .json()
            .get("name")
            .asText());
    assertEquals(4, api.get("/api/v1/tasks/" + id, alice).json().get("subscriber_count").asInt());

    JsonNode own = api.post("/api/v1/tasks/" + id + "/fork", alice, null).json();
    assertEquals("alice@example.com", own.get("notifications").get(0).get("address").asText());
    assertEquals(4, api.get("/api/v1/tasks/" + id, alice).json().get("subscriber_count").asInt());
  }

  @Test
  void trailingSlashesAndUnknownRoutes() {
    assertEquals(200, api.get("/api/v1/tasks/", alice).status());
    assertEquals(200, api.post("/api/v1/tasks/", alice, "{\"search_query\":\"slash\"}").status());
    Api.Reply unknown = api.get("/api/v1/nothing-here", alice);
    assertEquals(404, unknown.status());
    assertTrue(unknown.json().has("detail"));
    Api.Reply method = api.send("PATCH", "/api/v1/tasks", alice, "{}");
    assertEquals(405, method.status());
    assertTrue(method.json().has("detail"));
  }

  @Test
  void authenticationErrorsUseTheContractsWords() {
    Api.Reply none = api.get("/api/v1/tasks", null);
    assertEquals(401, none.status());
    assertEquals("Not authenticated", none.field("detail"));
    Api.Reply wrong = api.get("/api/v1/tasks", "sk_" + "A".repeat(43));
    assertEquals(401, wrong.status());
    assertEquals("Invalid API key", wrong.field("detail"));
    assertEquals("Invalid API key", api.get("/api/v1/tasks", "garbage").field("detail"));
  }

  private static List<String> names(JsonNode list) {
    return values(list, "name");
  }

  private static List<String> ids(JsonNode list) {
    return values(list, "id");
  }

  private static List<String> values(JsonNode list, String field) {
    List<String> values = new ArrayList<>();
    list.forEach(e -> values.add(e.get(field).asText()));
    return values;
  }

  @Test
  void chatChannelsAreStoredShownToTheOwnerOnlyAndRefusedWithTheirField() {
    String slackUrl = "https://hooks.slack.com/services/T000/B000/secretpart";
    String token = "123456789:AAFakeBotToken_0123456789abcdefghij";
    JsonNode task =
        createTask(
            alice,
            "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"slack\",\"url\":\""
                + slackUrl
                + "\"},{\"type\":\"telegram\",\"bot_token\":\""
                + token
                + "\",\"chat_id\":-1001234567890},"
                + "{\"type\":\"ntfy\",\"url\":\"https://ntfy.sh/alerts\",\"token\":\"tk_abc\"}]}");
    JsonNode channels = task.get("notifications");
    assertEquals(slackUrl, channels.get(0).get("url").asText());
    assertEquals(token, channels.get(1).get("bot_token").asText());
    assertEquals("-1001234567890", channels.get(1).get("chat_id").asText());
    assertEquals("tk_abc", channels.get(2).get("token").asText());
    String id = task.get("id").asText();
    api.patch("/api/v1/tasks/" + id + "/visibility", alice, "{\"is_public\":true}");
    String seen = api.get("/api/v1/tasks/" + id, bob).text();
    assertFalse(
        seen.contains("secretpart") || seen.contains("AAFake") || seen.contains("tk_abc"), seen);

    Api.Reply bad =
        api.put(
            "/api/v1/tasks/" + id,
            alice,
            "{\"notifications\":[{\"type\":\"email\",\"address\":\"alice@example.com\"},"
                + "{\"type\":\"telegram\",\"bot_token\":\"nope\",\"chat_id\":\"42\"}]}");
    assertEquals(422, bad.status());
    assertEquals(
        "[\"body\",\"notifications\",1,\"bot_token\"]",
        bad.json().get("detail").get(0).get("loc").toString());
    assertFalse(bad.text().contains("nope"), bad.text());
    Api.Reply http =
        api.post(
            "/api/v1/tasks",
            alice,
            "{\"search_query\":\"q\",\"notifications\":[{\"type\":\"discord\",\"url\":\"http://discord.com/api/webhooks/1/x\"}]}");
    assertEquals(422, http.status());
    assertEquals(
        "[\"body\",\"notifications\",0,\"url\"]",
        http.json().get("detail").get(0).get("loc").toString());
  }

  @Test
  void theNotificationTestRefusesAPrivateTargetOnItsField() {
    Api.Reply refused =
        api.post(
            "/api/v1/notifications/test",
            alice,
            "{\"channel\":{\"type\":\"teams\",\"url\":\"https://10.0.0.7/workflows/x\"}}");
    assertEquals(422, refused.status());
    assertEquals(
        "[\"body\",\"channel\",\"url\"]",
        refused.json().get("detail").get(0).get("loc").toString());
    Api.Reply missing = api.post("/api/v1/notifications/test", alice, "{}");
    assertEquals(422, missing.status());
  }
}
