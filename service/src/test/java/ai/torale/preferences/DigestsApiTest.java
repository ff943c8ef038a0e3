package ai.torale.preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.deliveries.HeldDeliveries;
import ai.torale.deliveries.PostgresDigestStore;
import ai.torale.support.Api;
import ai.torale.support.AppTest;
import ai.torale.support.Eventually;
import ai.torale.support.GeminiServer;
import ai.torale.support.WebhookInbox;
import ai.torale.temporal.DigestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Digests and quiet hours through the API and the real worker: validation (422 with loc), the
 * task's {@code delivery}, the owner's preferences, and a digest task's findings held in storage
 * until their digest, then sent as one signed {@code digest} event.
 */
class DigestsApiTest extends AppTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String MET =
      "{\"condition_met\":true,\"answer\":\"ExampleCorp 3.0 is out.\","
          + "\"notification\":\"**ExampleCorp 3.0 is out**\",\"evidence\":\"Release notes.\","
          + "\"confidence\":90,\"next_run\":\"2099-01-01T00:00:00Z\",\"topic\":\"ExampleCorp 3.0\"}";

  private final GeminiServer gemini = gemini();
  private final WebhookInbox inbox = inbox();

  private static GeminiServer gemini() {
    try {
      return new GeminiServer(MET);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static WebhookInbox inbox() {
    try {
      return new WebhookInbox();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected ConfigOverride[] overrides() {
    return new ConfigOverride[] {
      ConfigOverride.config("search.geminiApiKey", "test-key"),
      ConfigOverride.config("search.geminiBaseUrl", gemini.baseUrl()),
      ConfigOverride.config("notify.webhookAllowHttp", "true"),
      ConfigOverride.config("notify.webhookAllowPrivate", "true"),
      // The repair of held deliveries runs only when the test says.
      ConfigOverride.config("temporal.reconcileInterval", "1h")
    };
  }

  @AfterAll
  void closeServers() {
    gemini.close();
    inbox.close();
  }

  private void assert422(Api.Reply reply, String... loc) {
    assertEquals(422, reply.status(), reply::toString);
    JsonNode error = reply.json().get("detail").get(0);
    assertEquals(List.of(loc), new ObjectMapper().convertValue(error.get("loc"), List.class));
  }

  @Test
  void aBadDeliverySettingIs422OnItsField() {
    String key = newUser();
    String[][] cases = {
      {"{\"mode\":\"hourly\"}", "mode"},
      {"{\"mode\":\"digest\",\"schedule\":\"monthly\"}", "schedule"},
      {"{\"mode\":\"digest\",\"at\":\"8am\"}", "at"},
      {"{\"mode\":\"digest\",\"schedule\":\"weekly\",\"weekday\":\"mon\"}", "weekday"},
      {"{\"mode\":\"digest\",\"timezone\":\"Mars/Olympus\"}", "timezone"},
    };
    for (String[] c : cases) {
      assert422(
          api.post("/api/v1/tasks", key, "{\"search_query\":\"q\",\"delivery\":" + c[0] + "}"),
          "body",
          "delivery",
          c[1]);
    }
  }

  @Test
  void theTaskShowsItsDeliveryAndAnUpdateChangesIt() {
    String key = newUser();
    JsonNode task =
        createTask(
            key,
            "{\"search_query\":\"q\",\"state\":\"paused\",\"delivery\":{\"mode\":\"digest\","
                + "\"schedule\":\"weekly\",\"weekday\":\"Friday\",\"at\":\"18:30\","
                + "\"timezone\":\"Europe/Paris\"}}");
    String id = task.get("id").asText();
    JsonNode delivery = api.get("/api/v1/tasks/" + id, key).json().get("delivery");
    assertEquals("digest", delivery.get("mode").asText());
    assertEquals("weekly", delivery.get("schedule").asText());
    assertEquals("friday", delivery.get("weekday").asText());
    assertEquals("18:30", delivery.get("at").asText());
    assertEquals("Europe/Paris", delivery.get("timezone").asText());

    Api.Reply updated =
        api.put("/api/v1/tasks/" + id, key, "{\"delivery\":{\"mode\":\"immediate\"}}");
    assertEquals(200, updated.status(), updated::toString);
    assertEquals("immediate", updated.json().get("delivery").get("mode").asText());
    assertEquals(
        "immediate",
        createTask(key, "{\"search_query\":\"q2\",\"state\":\"paused\"}")
            .get("delivery")
            .get("mode")
            .asText());
  }

  @Test
  void preferencesAreSavedShownByMeAndValidated() {
    String key = newUser();
    assertTrue(
        api.get("/api/v1/auth/me", key).json().get("preferences").get("quiet_hours").isNull());
    Api.Reply saved =
        api.put(
            "/api/v1/auth/me/preferences",
            key,
            "{\"quiet_hours\":{\"from\":\"22:00\",\"to\":\"07:00\",\"timezone\":\"Europe/Paris\"},"
                + "\"urgent_failures\":true}");
    assertEquals(200, saved.status(), saved::toString);
    JsonNode me = api.get("/api/v1/auth/me", key).json();
    assertEquals("22:00", me.at("/preferences/quiet_hours/from").asText());
    assertEquals("07:00", me.at("/preferences/quiet_hours/to").asText());
    assertEquals("Europe/Paris", me.at("/preferences/quiet_hours/timezone").asText());
    assertTrue(me.at("/preferences/urgent_failures").asBoolean());
    assertTrue(me.has("email"), "the account's fields stay");

    assert422(
        api.put(
            "/api/v1/auth/me/preferences",
            key,
            "{\"quiet_hours\":{\"from\":\"25:00\",\"to\":\"07:00\"}}"),
        "body",
        "quiet_hours",
        "from");
    assert422(
        api.put(
            "/api/v1/auth/me/preferences",
            key,
            "{\"quiet_hours\":{\"from\":\"07:00\",\"to\":\"07:00\"}}"),
        "body",
        "quiet_hours",
        "to");
    assert422(
        api.put("/api/v1/auth/me/preferences", key, "{\"urgent_failures\":\"yes\"}"),
        "body",
        "urgent_failures");
    // Only named fields change; null turns quiet hours off.
    Api.Reply off = api.put("/api/v1/auth/me/preferences", key, "{\"quiet_hours\":null}");
    assertTrue(off.json().get("quiet_hours").isNull(), off::toString);
    assertTrue(off.json().get("urgent_failures").asBoolean());
  }

  @Test
  void findingsOfDigestTasksWaitInStorageAndGoOutAsOneSignedDigest() throws Exception {
    String key = newUser();
    String body =
        "{\"search_query\":\"Is ExampleCorp 3.0 out? %s\",\"state\":\"paused\","
            + "\"delivery\":{\"mode\":\"digest\",\"at\":\"08:00\",\"timezone\":\"America/New_York\"},"
            + "\"notifications\":[{\"type\":\"webhook\",\"url\":\""
            + inbox.url()
            + "\"}]}";
    JsonNode first = createTask(key, body.formatted("A"));
    JsonNode second = createTask(key, body.formatted("B"));
    String secret = first.at("/notifications/0/secret").asText();
    Instant before = Instant.now();
    for (JsonNode task : List.of(first, second)) {
      String id = task.get("id").asText();
      assertEquals(200, api.post("/api/v1/tasks/" + id + "/execute", key, null).status());
      api.awaitFinished(key, id, 1);
    }
    Eventually.until(
        "both findings are held",
        LIMIT,
        () -> database.count("SELECT count(*) FROM deliveries WHERE held_until IS NOT NULL") == 2);
    Instant eight =
        new ai.torale.digest.DeliverySchedule(
                ai.torale.digest.DeliverySchedule.Cadence.DAILY,
                LocalTime.of(8, 0),
                null,
                ZoneId.of("America/New_York"))
            .nextAfter(before);
    assertEquals(
        1,
        database.count(
            "SELECT count(DISTINCT held_until) FROM deliveries WHERE held_until = '" + eight + "'"),
        "held until the next 08:00 in New York");
    Thread.sleep(2_000);
    assertEquals(0, inbox.received().size(), "nothing is sent before the digest");

    // The digest is due: the repair of a lost workflow (as after a restart) wakes the user's.
    app.jdbi()
        .useHandle(h ->
            h.execute(
                "UPDATE deliveries SET held_until = now() - interval '10 minutes' WHERE held_until IS NOT NULL"));
    ObjectMapper mapper = Jackson.newObjectMapper();
    HeldDeliveries repair =
        new HeldDeliveries(
            new PostgresDigestStore(app.jdbi(), mapper),
            new DigestClient(app.temporal()),
            Duration.ofHours(1),
            false,
            Clock.systemUTC());
    assertEquals(1, repair.repair(Duration.ofMinutes(5)));
    Eventually.until("the digest arrived", LIMIT, () -> inbox.received().size() == 1);
    WebhookInbox.Received digest = inbox.received().get(0);
    assertEquals("digest", digest.header("X-Torale-Event"));
    assertTrue(digest.signedWith(secret), "signed with the first task's secret");
    JsonNode event = mapper.readTree(digest.body());
    assertEquals("digest", event.get("event_type").asText());
    assertEquals(2, event.at("/data/items").size());
    assertEquals("task.condition_met", event.at("/data/items/0/event_type").asText());
    Eventually.until(
        "and recorded",
        LIMIT,
        () -> database.count("SELECT count(*) FROM deliveries WHERE finished_at IS NULL") == 0);
    assertEquals(0, repair.repair(Duration.ofMinutes(5)), "nothing left to repair");
    repair.repair(null); // a wake of everyone never sends it again
    Thread.sleep(2_000);
    assertEquals(1, inbox.received().size(), "sent once");
    assertEquals(
        UUID.fromString(digest.header("X-Torale-Delivery")),
        app.jdbi()
            .withHandle(h ->
                h.createQuery("SELECT id FROM deliveries WHERE is_digest")
                    .mapTo(UUID.class)
                    .one()));
  }
}
