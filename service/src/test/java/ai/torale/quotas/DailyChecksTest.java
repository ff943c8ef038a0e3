package ai.torale.quotas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.GeminiServer;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The per-user daily check budget postpones that user's checks to the next UTC day; other users'
 * still run.
 */
class DailyChecksTest {
  private static final String VERDICT =
      "{\"condition_met\":false,\"answer\":\"Not yet.\","
          + "\"notification\":null,\"evidence\":\"Nothing announced.\",\"confidence\":80,"
          + "\"next_run\":\"2099-01-01T00:00:00Z\",\"topic\":\"Release\"}";
  private static final String TASK =
      "{\"search_query\":\"Is ExampleCorp 2.1 out?\",\"run_immediately\":true}";
  private static final String SPENT =
      "Your daily check budget (1 a day) is spent; this check was postponed to tomorrow";

  @Test
  void aSpentUserBudgetPostponesOnlyThatUsersChecks() throws Exception {
    try (GeminiServer gemini = new GeminiServer(VERDICT);
        TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("search.geminiApiKey", "test-key"),
                ConfigOverride.config("search.geminiBaseUrl", gemini.baseUrl()),
                ConfigOverride.config("quotas.dailyChecks", "1"))) {
      Api api = app.api();
      String alice =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"alice@example.com\"}")
              .field("api_key");
      String bob =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"bob@example.com\"}")
              .field("api_key");

      String first = api.post("/api/v1/tasks", alice, TASK).field("id");
      assertEquals("success", api.awaitFinished(alice, first, 1).get("status").asText());

      // Alice's budget is spent: her next check, on another (active) task, waits for the next UTC
      // day.
      String second = api.post("/api/v1/tasks", alice, TASK).field("id");
      JsonNode postponed = api.awaitFinished(alice, second, 1);
      assertEquals("failed", postponed.get("status").asText());
      assertEquals(SPENT, postponed.get("error_message").asText());
      JsonNode task = api.get("/api/v1/tasks/" + second, alice).json();
      Instant tomorrow =
          LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      assertTrue(!Instant.parse(task.get("next_run").asText()).isBefore(tomorrow), task::toString);
      assertEquals(2, gemini.requests().size(), "the postponed check asked no model");

      String bobs = api.post("/api/v1/tasks", bob, TASK).field("id");
      assertEquals(
          "success",
          api.awaitFinished(bob, bobs, 1).get("status").asText(),
          "Bob has his own budget");
    }
  }
}
