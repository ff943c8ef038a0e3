package ai.torale.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import ai.torale.support.LogCapture;
import ai.torale.support.Parallel;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Users and API keys: admin creates users; keys are shown once, listed by prefix, and revoked at
 * once.
 */
class AccountsApiTest extends AppTest {

  @Test
  void adminCreatesUsersWithAFirstKey() {
    Api.Reply created =
        api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"new@example.com\"}");
    assertEquals(200, created.status());
    assertEquals("new@example.com", created.json().get("user").get("email").asText());
    String key = created.field("api_key");
    assertTrue(ApiKeys.wellFormed(key), key);
    JsonNode me = api.get("/api/v1/auth/me", key).json();
    assertEquals("new@example.com", me.get("email").asText());
    assertFalse(me.get("is_admin").asBoolean());
    assertEquals(
        409,
        api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"NEW@example.com\"}").status());
    assertEquals(
        422, api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"nope\"}").status());
    assertEquals(422, api.post("/api/v1/admin/users", app.adminKey, "{}").status());
    Api.Reply notAdmin = api.post("/api/v1/admin/users", key, "{\"email\":\"other@example.com\"}");
    assertEquals(403, notAdmin.status());
    assertEquals("Admin access required", notAdmin.field("detail"));
  }

  @Test
  void parallelCreatesOfOneAddressMakeOneUserAndAnswerTheRest409() {
    try (LogCapture log = new LogCapture()) {
      List<Api.Reply> replies =
          Parallel.run(
              10,
              i ->
                  api.post(
                      "/api/v1/admin/users", app.adminKey, "{\"email\":\"race@example.com\"}"));
      assertEquals(1, replies.stream().filter(r -> r.status() == 200).count(), replies::toString);
      List<Api.Reply> refused = replies.stream().filter(r -> r.status() != 200).toList();
      assertEquals(9, refused.stream().filter(r -> r.status() == 409).count(), refused::toString);
      assertEquals("A user with this email already exists", refused.get(0).field("detail"));
      assertEquals(List.of(), log.errorsOrStackTraces(), "a refused duplicate is no error");
    }
  }

  @Test
  void onlyAPlainAddressMakesAUser() {
    for (String email :
        List.of(
            "<c@example.com>",
            "Eve <eve@example.com>",
            "c@example.com\\r\\nBcc: x@example.com",
            "\\\"c\\\"@example.com",
            "c\\u0001@example.com")) {
      Api.Reply refused =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"" + email + "\"}");
      assertEquals(422, refused.status(), email + ": " + refused);
      JsonNode error = refused.json().get("detail").get(0);
      assertEquals("[\"body\",\"email\"]", error.get("loc").toString(), refused::toString);
      assertEquals("value_error", error.get("type").asText());
    }
    Api.Reply plain =
        api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\" c@example.com \"}");
    assertEquals(200, plain.status(), plain::toString);
    assertEquals("c@example.com", plain.json().get("user").get("email").asText());
  }

  @Test
  void keysAreShownOnceListedByPrefixAndRevokedAtOnce() {
    String first = newUser();
    Api.Reply issued = api.post("/api/v1/auth/api-keys", first, "{\"name\":\"laptop\"}");
    assertEquals(200, issued.status());
    String second = issued.field("key");
    assertTrue(ApiKeys.wellFormed(second));
    assertEquals(second.substring(0, 11), issued.field("key_prefix"));
    assertEquals(200, api.get("/api/v1/tasks", second).status());

    JsonNode listed = api.get("/api/v1/auth/api-keys", first).json();
    assertEquals(2, listed.size());
    assertFalse(listed.toString().contains(second), "the key itself is never listed");
    assertFalse(listed.toString().contains("key_hash"));

    assertEquals(204, api.delete("/api/v1/auth/api-keys/" + issued.field("id"), first).status());
    Api.Reply revoked = api.get("/api/v1/tasks", second);
    assertEquals(401, revoked.status());
    assertEquals("Invalid API key", revoked.field("detail"));
    assertEquals(1, api.get("/api/v1/auth/api-keys", first).json().size());
    assertEquals(404, api.delete("/api/v1/auth/api-keys/" + issued.field("id"), first).status());
  }

  @Test
  void aPresentedKeyThatIsNotLiveIs401EvenWhereNoKeyIsNeeded() {
    String owner = newUser();
    String revoked = api.post("/api/v1/auth/api-keys", owner, "{}").field("key");
    String revokedId = api.get("/api/v1/auth/api-keys", owner).json().get(1).get("id").asText();
    assertEquals(204, api.delete("/api/v1/auth/api-keys/" + revokedId, owner).status());
    String privateTask = createTask(owner, "{\"search_query\":\"private?\"}").get("id").asText();
    String publicTask = createTask(owner, "{\"search_query\":\"public?\"}").get("id").asText();
    assertEquals(
        200,
        api.patch("/api/v1/tasks/" + publicTask + "/visibility", owner, "{\"is_public\":true}")
            .status());

    assertEquals(
        200,
        api.get("/api/v1/tasks/" + publicTask, null).status(),
        "no key at all reads a public task");
    assertEquals(404, api.get("/api/v1/tasks/" + privateTask, null).status());
    String garbage = "sk_" + "x".repeat(43);
    for (String key : List.of(revoked, garbage, "not-a-key")) {
      for (String path :
          List.of("/api/v1/tasks/" + privateTask, "/api/v1/tasks/" + publicTask, "/api/v1/tasks")) {
        Api.Reply reply = api.get(path, key);
        assertEquals(401, reply.status(), path + " " + reply);
        assertEquals("Invalid API key", reply.field("detail"));
      }
    }
    for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Token " + owner)) {
      HttpResponse<String> reply =
          api.raw("GET", "/api/v1/tasks/" + publicTask, null, "Authorization", header);
      assertEquals(401, reply.statusCode(), header + " " + reply.body());
      assertEquals("{\"detail\":\"Not authenticated\"}", reply.body());
    }
  }

  @Test
  void theLastLiveKeyCannotBeDeleted() {
    String key = newUser();
    String id = api.get("/api/v1/auth/api-keys", key).json().get(0).get("id").asText();
    Api.Reply refused = api.delete("/api/v1/auth/api-keys/" + id, key);
    assertEquals(409, refused.status(), refused::toString);
    assertEquals("Cannot delete your only API key; create another first", refused.field("detail"));
    assertEquals(200, api.get("/api/v1/auth/me", key).status(), "the key still works");
  }

  @Test
  void parallelDeletesOfTheLastTwoKeysLeaveOne() {
    for (int round = 0; round < 10; round++) {
      String first = newUser();
      String second = api.post("/api/v1/auth/api-keys", first, "{}").field("key");
      List<String> ids = new ArrayList<>();
      api.get("/api/v1/auth/api-keys", first).json().forEach(k -> ids.add(k.get("id").asText()));
      // Both keys deleted at the same moment, both by the first (a request may also find it revoked
      // already: 401).
      List<Api.Reply> replies =
          Parallel.run(2, i -> api.delete("/api/v1/auth/api-keys/" + ids.get(i), first));
      assertEquals(1, replies.stream().filter(r -> r.status() == 204).count(), replies::toString);
      assertTrue(
          replies.stream().allMatch(r -> List.of(204, 401, 409).contains(r.status())),
          replies::toString);
      long working =
          List.of(first, second).stream()
              .filter(k -> api.get("/api/v1/auth/me", k).status() == 200)
              .count();
      assertEquals(1, working, "exactly one key survives: " + replies);
    }
  }

  @Test
  void anAdminIssuesAKeyForAnExistingUser() {
    Api.Reply created =
        api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"locked-out@example.com\"}");
    String userId = created.json().get("user").get("id").asText();
    String lost = created.field("api_key");

    Api.Reply issued =
        api.post(
            "/api/v1/admin/users/" + userId + "/api-keys", app.adminKey, "{\"name\":\"recovery\"}");
    assertEquals(200, issued.status(), issued::toString);
    assertEquals(userId, issued.json().get("user").get("id").asText());
    String fresh = issued.field("api_key");
    assertTrue(ApiKeys.wellFormed(fresh), fresh);
    assertEquals("locked-out@example.com", api.get("/api/v1/auth/me", fresh).field("email"));
    JsonNode listed = api.get("/api/v1/auth/api-keys", fresh).json();
    assertEquals(2, listed.size());
    assertEquals("recovery", listed.get(1).get("name").asText());
    assertFalse(listed.toString().contains(fresh), "shown once, never listed");
    String lostId = listed.get(0).get("id").asText();
    assertEquals(
        204,
        api.delete("/api/v1/auth/api-keys/" + lostId, fresh).status(),
        "the old key can go now");
    assertEquals(401, api.get("/api/v1/auth/me", lost).status());

    assertEquals(
        200,
        api.post("/api/v1/admin/users/" + userId + "/api-keys", app.adminKey, null).status(),
        "the name is optional");
    assertEquals(
        403, api.post("/api/v1/admin/users/" + userId + "/api-keys", fresh, "{}").status());
    Api.Reply unknown =
        api.post("/api/v1/admin/users/" + UUID.randomUUID() + "/api-keys", app.adminKey, "{}");
    assertEquals(404, unknown.status());
    assertEquals("User not found", unknown.field("detail"));
    Api.Reply malformed = api.post("/api/v1/admin/users/nope/api-keys", app.adminKey, "{}");
    assertEquals(422, malformed.status());
    assertEquals(
        "[\"path\",\"user_id\"]", malformed.json().get("detail").get(0).get("loc").toString());
  }

  @Test
  void theBootstrapKeyIsAnAdmin() {
    assertTrue(api.get("/api/v1/auth/me", app.adminKey).json().get("is_admin").asBoolean());
  }
}
