package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.GeminiServer;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A whole check through the service: Gemini's wire format in, the execution and task the API serves
 * out.
 */
class ChecksEndToEndTest {
  private static final String MET =
      "{\"condition_met\":true,\"answer\":\"ExampleCorp 2.1 was released on 2026-03-02.\","
          + "\"notification\":\"**ExampleCorp 2.1 is out**\",\"evidence\":\"Release notes on example.org.\","
          + "\"confidence\":92,\"next_run\":\"2099-01-01T00:00:00Z\",\"topic\":\"ExampleCorp 2.1 release\"}";

  @Test
  void aCheckRecordsItsFindingRenamesTheTaskAndNotifiesOnlyOnNews() throws Exception {
    try (GeminiServer gemini = new GeminiServer(MET);
        TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("search.provider", "gemini"),
                ConfigOverride.config("search.geminiApiKey", "test-key"),
                ConfigOverride.config("search.geminiBaseUrl", gemini.baseUrl()),
                ConfigOverride.config("search.geminiModel", "gemini-test"))) {
      Api api = app.api();
      String key =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"e2e@example.com\"}")
              .field("api_key");
      JsonNode task =
          api.post(
                  "/api/v1/tasks",
                  key,
                  "{\"search_query\":\"Is ExampleCorp 2.1 out?\","
                      + "\"condition_description\":\"ExampleCorp 2.1 is released\",\"run_immediately\":true}")
              .json();
      String id = task.get("id").asText();
      assertEquals("New Monitor", task.get("name").asText());

      JsonNode execution = api.awaitFinished(key, id, 1);
      assertEquals("success", execution.get("status").asText(), execution::toString);
      JsonNode result = execution.get("result");
      assertTrue(result.get("condition_met").asBoolean());
      assertEquals("ExampleCorp 2.1 was released on 2026-03-02.", result.get("answer").asText());
      assertEquals("**ExampleCorp 2.1 is out**", execution.get("notification").asText());
      assertEquals(92, result.get("confidence").asInt());
      assertEquals(
          "https://example.org/releases/2.1", result.get("sources").get(0).get("url").asText());
      assertEquals(result.get("sources"), execution.get("grounding_sources"));
      assertEquals("ExampleCorp 2.1 release date", result.get("search_queries").get(0).asText());
      assertEquals(31 + 640, result.get("usage").get("input_tokens").asInt());
      assertEquals(24 + 80, result.get("usage").get("output_tokens").asInt());
      assertEquals(
          "{\"search\":\"gemini-test\",\"evaluation\":\"gemini-test\"}",
          result.get("models").toString());

      JsonNode after = api.get("/api/v1/tasks/" + id, key).json();
      assertEquals(
          "ExampleCorp 2.1 release", after.get("name").asText(), "a default name takes the topic");
      Instant nextRun = Instant.parse(after.get("next_run").asText());
      assertTrue(
          nextRun.isBefore(Instant.now().plus(Duration.ofDays(7)).plus(Duration.ofHours(4))),
          "next_run is clamped to the maximum interval: " + nextRun);
      assertTrue(after.get("last_known_state").get("condition_met").asBoolean());
      assertFalse(
          gemini.requests().get(0).contains("test-key"),
          "the key travels in a header, not the body");

      api.post("/api/v1/tasks/" + id + "/execute", key, null);
      JsonNode second = api.awaitFinished(key, id, 2);
      assertEquals("success", second.get("status").asText());
      assertTrue(second.get("notification").isNull(), "the same finding is not news");
      assertEquals(1, api.get("/api/v1/tasks/" + id + "/notifications", key).json().size());
    }
  }
}
