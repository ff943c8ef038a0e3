package ai.torale.search;

import static ai.torale.search.TestSettings.GEMINI_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckResult;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.InMemoryMonitorStore;
import ai.torale.monitor.MonitorHarness;
import ai.torale.search.MockServer.Reply;
import ai.torale.search.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Full checks through each provider's mock: search, evaluate, record with the scheduling policy's
 * next run, notify once; a second check with the same finding notifies no one.
 */
class ProviderCheckWorkflowTest {
  static final String ANSWER = "ExampleCorp 2.1 was released on 2026-03-02.";
  static final String NOTIFICATION = "**ExampleCorp 2.1 is out** (released 2026-03-02).";

  /**
   * Each provider: its settings, how its mock answers a search and a judgement, and which request
   * judged.
   */
  enum Provider {
    GEMINI(TestSettings::gemini) {
      @Override
      void script(MockServer server, String judgement) {
        for (int i = 0; i < 2; i++) {
          server.once(GEMINI_PATH, Reply.ok(Fixtures.read("gemini/search_grounded.json")));
          server.once(GEMINI_PATH, Reply.ok(Fixtures.geminiText(judgement)));
        }
      }

      @Override
      String lastJudgeInput(MockServer server) {
        List<MockServer.Request> calls = server.requests(GEMINI_PATH);
        return calls.get(calls.size() - 1).json().at("/contents/0/parts/0/text").asText();
      }
    },
    OPENAI(TestSettings::openai) {
      @Override
      void script(MockServer server, String judgement) {
        server.always("/v1/responses", Reply.ok(Fixtures.read("openai/responses_websearch.json")));
        server.always("/v1/chat/completions", Reply.ok(Fixtures.chatContent(judgement)));
      }
    },
    LOCAL(TestSettings::local) {
      @Override
      void script(MockServer server, String judgement) {
        server.always("/searxng/search", Reply.ok(Fixtures.read("searxng/search.json")));
        for (int i = 0; i < 2; i++) {
          server.once("/v1/chat/completions", Reply.ok(Fixtures.read("searxng/chat_answer.json")));
          server.once("/v1/chat/completions", Reply.ok(Fixtures.chatContent(judgement)));
        }
      }
    };

    final Function<MockServer, ProviderSettings> settings;

    Provider(Function<MockServer, ProviderSettings> settings) {
      this.settings = settings;
    }

    abstract void script(MockServer server, String judgement);

    String lastJudgeInput(MockServer server) {
      return server.last("/v1/chat/completions").json().at("/messages/1/content").asText();
    }
  }

  private final MockServer server = new MockServer();
  private final InMemoryMonitorStore store =
      InMemoryMonitorStore.forQuery(
          "Has ExampleCorp released version 2.1?", "ExampleCorp 2.1 is publicly released");
  private MonitorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void aCheckRunsEndToEndAndTheSameFindingIsNotSentTwice(Provider provider) {
    harness = new MonitorHarness(ProviderFactory.create(provider.settings.apply(server)), store);
    Instant firstCheck = harness.now().plus(Duration.ofSeconds(30));
    // Five minutes ahead is below the 15-minute floor: the policy must clamp it.
    String proposal = firstCheck.plus(Duration.ofMinutes(5)).toString();
    provider.script(server, Fixtures.judgement(true, ANSWER, NOTIFICATION, proposal));
    harness.start(Duration.ofSeconds(30));

    harness.advance(Duration.ofMinutes(1), 1);

    CheckActivities.Outcome first = store.outcomes().get(0);
    assertEquals(ExecutionStatus.SUCCESS, first.status(), String.valueOf(first.errorMessage()));
    CheckResult result = first.result();
    assertTrue(result.conditionMet());
    assertEquals(ANSWER, result.answer());
    assertEquals(NOTIFICATION, result.notification());
    assertEquals(proposal, result.nextRun(), "the result keeps what the judge proposed");
    assertFalse(result.sources().isEmpty());
    assertFalse(result.searchQueries().isEmpty());
    assertTrue(result.usage().inputTokens() > 0 && result.usage().outputTokens() > 0);
    assertEquals(90, result.confidence());
    assertTrue(first.notified());
    assertEquals(
        "ExampleCorp 2.1 release",
        store.name(),
        "a task called New Monitor is named after its topic");
    Duration untilNext = Duration.between(harness.now(), store.nextRun());
    assertTrue(
        untilNext.compareTo(Duration.ofMinutes(13)) > 0
            && untilNext.compareTo(Duration.ofMinutes(15)) < 0,
        "clamped to the 15-minute minimum, was " + untilNext);
    assertEquals(1, harness.notifier.deliveries().size());
    assertEquals("task.condition_met", harness.notifier.deliveries().get(0).event().wire());

    harness.advance(Duration.ofMinutes(20), 2);

    assertEquals(2, store.outcomes().size());
    CheckActivities.Outcome second = store.outcomes().get(1);
    assertEquals(ExecutionStatus.SUCCESS, second.status(), String.valueOf(second.errorMessage()));
    assertFalse(second.notified());
    assertEquals(1, harness.notifier.deliveries().size(), "the same finding is not sent twice");
    JsonNode judged = dataBlock(provider.lastJudgeInput(server));
    assertEquals(
        ANSWER,
        judged.path("last_notified_answer").asText(),
        "the judge saw what was already sent");
    assertEquals(
        List.of(ANSWER),
        Json.MAPPER.convertValue(judged.path("recent_answers_oldest_first"), List.class));
  }

  @Test
  void aBadKeyFailsTheCheckWithOneSentenceAndKeepsTheRawErrorInternal() {
    harness = new MonitorHarness(ProviderFactory.create(TestSettings.gemini(server)), store);
    server.always(GEMINI_PATH, Reply.json(400, Fixtures.read("gemini/error_400_bad_key.json")));
    harness.start(Duration.ofSeconds(30));

    harness.advance(Duration.ofMinutes(1), 1);

    CheckActivities.Outcome failed = store.outcomes().get(0);
    assertEquals(ExecutionStatus.FAILED, failed.status());
    assertEquals(
        "Gemini rejected the API key (HTTP 400); set a valid GEMINI_API_KEY",
        failed.errorMessage());
    assertTrue(failed.internalError().contains("API_KEY_INVALID"), failed.internalError());
    assertFalse(failed.internalError().contains(TestSettings.GEMINI_KEY));
    assertEquals(1, server.requests(GEMINI_PATH).size(), "a configuration error is not retried");
  }

  @Test
  void anOverloadedProviderIsRetriedAfterALongBackoff() {
    harness = new MonitorHarness(ProviderFactory.create(TestSettings.gemini(server)), store);
    server.once(GEMINI_PATH, Reply.json(503, Fixtures.read("gemini/error_503.json")));
    server.once(GEMINI_PATH, Reply.ok(Fixtures.read("gemini/search_grounded.json")));
    server.once(
        GEMINI_PATH,
        Reply.ok(Fixtures.geminiText(Fixtures.judgement(false, "Not yet.", null, null))));
    harness.start(Duration.ofSeconds(30));

    harness.advance(Duration.ofSeconds(45), 0);
    assertTrue(store.outcomes().isEmpty(), "the retry waits at least 30 seconds");
    harness.advance(Duration.ofMinutes(1), 1);

    assertEquals(ExecutionStatus.SUCCESS, store.outcomes().get(0).status());
    assertEquals(3, server.requests(GEMINI_PATH).size());
    assertNull(store.outcomes().get(0).result().notification());
  }

  @Test
  void anUnconfiguredServiceFailsEachCheckWithTheReason() {
    harness =
        new MonitorHarness(
            ProviderFactory.create(ProviderSettings.fromEnvironment(java.util.Map.of())), store);
    harness.start(Duration.ofSeconds(30));

    harness.advance(Duration.ofMinutes(1), 1);

    assertEquals(
        "No search provider configured: GEMINI_API_KEY is not set",
        store.outcomes().get(0).errorMessage());
  }

  @Test
  void geminiDefaultsToTheFlashAliasAndRecordsTheVersionsThatAnswered() {
    // A model id retires; the alias Google moves to its newest Flash does not.
    String path = "/v1beta/models/gemini-flash-latest:generateContent";
    String judgement = Fixtures.judgement(false, "Not yet.", null, null);
    server.once(
        path,
        Reply.ok(withField(Fixtures.read("gemini/search_grounded.json"), "modelVersion", "g-3.8")));
    server.once(path, Reply.ok(withField(Fixtures.geminiText(judgement), "modelVersion", "g-3.9")));

    CheckResult result = oneSuccessfulCheck(TestSettings.gemini(server, null));

    assertEquals(2, server.requests(path).size(), "both calls ask for the alias");
    assertEquals(new CheckResult.Models("g-3.8", "g-3.9"), result.models());
    assertEquals("g-3.9", result.model(), "the judge's model, as before");
    assertEquals(
        "{\"search\":\"g-3.8\",\"evaluation\":\"g-3.9\"}",
        Json.MAPPER.valueToTree(result).path("models").toString());
  }

  @Test
  void openaiDefaultsToItsCurrentModelAndRecordsTheSnapshotsThatAnswered() {
    String judgement = Fixtures.judgement(false, "Not yet.", null, null);
    server.always(
        "/v1/responses",
        Reply.ok(withField(Fixtures.read("openai/responses_websearch.json"), "model", "snap-1")));
    server.always(
        "/v1/chat/completions",
        Reply.ok(withField(Fixtures.chatContent(judgement), "model", "snap-2")));

    CheckResult result = oneSuccessfulCheck(TestSettings.openai(server, null));

    assertEquals("gpt-6.1-terra", server.last("/v1/responses").json().path("model").asText());
    assertEquals(
        "gpt-6.1-terra", server.last("/v1/chat/completions").json().path("model").asText());
    assertEquals(new CheckResult.Models("snap-1", "snap-2"), result.models());
  }

  private CheckResult oneSuccessfulCheck(ProviderSettings settings) {
    harness = new MonitorHarness(ProviderFactory.create(settings), store);
    harness.start(Duration.ofSeconds(30));
    harness.advance(Duration.ofMinutes(1), 1);
    CheckActivities.Outcome outcome = store.outcomes().get(0);
    assertEquals(ExecutionStatus.SUCCESS, outcome.status(), String.valueOf(outcome.errorMessage()));
    return outcome.result();
  }

  private static String withField(String reply, String field, String value) {
    return Json.write(((ObjectNode) Json.parseOrNull(reply)).put(field, value));
  }

  static JsonNode dataBlock(String message) {
    int open = message.indexOf("<untrusted_data>") + "<untrusted_data>".length();
    return Json.parseOrNull(message.substring(open, message.lastIndexOf("</untrusted_data>")));
  }
}
