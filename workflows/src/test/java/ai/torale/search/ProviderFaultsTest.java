package ai.torale.search;

import static ai.torale.search.TestSettings.GEMINI_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.InMemoryMonitorStore;
import ai.torale.monitor.MonitorHarness;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotifyActivities;
import ai.torale.search.MockServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Provider faults through the real monitor: each ends in the right execution status with one
 * readable sentence, retries as its class asks (rate limits and overload: long backoff, six tries;
 * a refusal: none), and the task stays scheduled.
 */
class ProviderFaultsTest {
  private final MockServer server = new MockServer();
  private final InMemoryMonitorStore store =
      InMemoryMonitorStore.forQuery("Is 2.1 out?", "2.1 is released");
  private MonitorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    server.close();
  }

  @Test
  void aRateLimitStormIsRetriedSixTimesWithLongBackoffThenFails() {
    server.always(GEMINI_PATH, Reply.json(429, Fixtures.read("gemini/error_429_per_minute.json")));
    // 30 s, 2, 8, 32 and 60 min between the tries: the check fails after about 1 h 43 min, the next
    // is 15 min on.
    CheckActivities.Outcome failed = runOneCheck(Duration.ofMinutes(110));
    assertEquals(6, server.requests(GEMINI_PATH).size(), "six tries");
    assertFailedReadably(failed);
  }

  @Test
  void anOverloadThatLastsFailsAfterSixTries() {
    server.always(GEMINI_PATH, Reply.json(503, Fixtures.read("gemini/error_503.json")));
    CheckActivities.Outcome failed = runOneCheck(Duration.ofMinutes(110));
    assertEquals(6, server.requests(GEMINI_PATH).size());
    assertFailedReadably(failed);
  }

  @Test
  void timeoutsAreRetriedSoonThenFail() {
    server.always(
        GEMINI_PATH, Reply.ok(Fixtures.read("gemini/search_grounded.json")).delayed(3_000));
    CheckActivities.Outcome failed = runOneCheck(Duration.ofMinutes(10));
    assertEquals(6, server.requests(GEMINI_PATH).size());
    assertFailedReadably(failed);
  }

  @Test
  void malformedJsonIsRetriedThenFails() {
    server.always(GEMINI_PATH, Reply.ok("{\"candidates\": [ this is not json"));
    CheckActivities.Outcome failed = runOneCheck(Duration.ofMinutes(10));
    assertTrue(server.requests(GEMINI_PATH).size() > 1, "a malformed answer is worth another try");
    assertFailedReadably(failed);
  }

  @Test
  void anEmptyCandidateListFailsAtOnce() {
    server.always(
        GEMINI_PATH, Reply.ok("{\"candidates\":[],\"usageMetadata\":{\"promptTokenCount\":3}}"));
    CheckActivities.Outcome failed = runOneCheck(Duration.ofMinutes(5));
    assertEquals(1, server.requests(GEMINI_PATH).size(), "nothing to retry");
    assertFailedReadably(failed);
  }

  @Test
  void aSafetyBlockFailsAtOnceWithThatReason() {
    server.always(GEMINI_PATH, Reply.ok(Fixtures.read("gemini/blocked_prompt.json")));
    CheckActivities.Outcome failed = runOneCheck(Duration.ofMinutes(5));
    assertEquals(1, server.requests(GEMINI_PATH).size());
    assertFailedReadably(failed);
    assertTrue(
        failed.errorMessage().toLowerCase().contains("block")
            || failed.errorMessage().toLowerCase().contains("safety"),
        failed.errorMessage());
  }

  /** Each provider's answer to a model it does not know or has retired, as its API sends it. */
  enum Refusal {
    GEMINI_UNKNOWN(TestSettings::gemini, GEMINI_PATH, "gemini/error_404_model.json"),
    GEMINI_RETIRED(TestSettings::gemini, GEMINI_PATH, "gemini/error_404_retired.json"),
    OPENAI_RETIRED(TestSettings::openai, "/v1/responses", "openai/error_404_model_not_found.json"),
    OLLAMA_UNKNOWN(
        TestSettings::local, "/v1/chat/completions", "openai/ollama_model_not_found.json") {
      @Override
      void script(MockServer server) {
        server.always("/searxng/search", Reply.ok(Fixtures.read("searxng/search.json")));
        super.script(server);
      }
    };

    final Function<MockServer, ProviderSettings> settings;
    final String path;
    final String fixture;

    Refusal(Function<MockServer, ProviderSettings> settings, String path, String fixture) {
      this.settings = settings;
      this.path = path;
      this.fixture = fixture;
    }

    void script(MockServer server) {
      server.always(path, Reply.json(404, Fixtures.read(fixture)));
    }

    String setting() {
      return name().startsWith("GEMINI") ? "TORALE_GEMINI_MODEL" : "TORALE_OPENAI_MODEL";
    }
  }

  @ParameterizedTest
  @EnumSource(Refusal.class)
  void aRefusedModelFailsEachCheckAtOnceNamingTheSettingAndRaisesTaskFailing(Refusal refusal) {
    refusal.script(server);
    harness = new MonitorHarness(ProviderFactory.create(refusal.settings.apply(server)), store);
    harness.start(Duration.ofSeconds(30));

    // Failures back off 15 then 30 minutes: three checks within 50 minutes, the fourth an hour on.
    harness.advance(Duration.ofMinutes(50), 3);

    List<CheckActivities.Outcome> outcomes = store.outcomes();
    assertEquals(3, outcomes.size());
    for (CheckActivities.Outcome failed : outcomes) {
      assertEquals(ExecutionStatus.FAILED, failed.status());
      assertTrue(
          failed.errorMessage().contains("or has retired it (HTTP 404); set " + refusal.setting()),
          failed.errorMessage());
    }
    assertEquals(3, server.requests(refusal.path).size(), "a refused model is not retried");
    List<NotifyActivities.Delivery> failing =
        harness.notifier.deliveries().stream()
            .filter(d -> d.event() == NotificationEvent.FAILING)
            .toList();
    assertEquals(1, failing.size(), "the owner is told once, at the third failure");
    assertEquals(outcomes.get(2).errorMessage(), failing.get(0).errorMessage());
  }

  private CheckActivities.Outcome runOneCheck(Duration within) {
    harness = new MonitorHarness(ProviderFactory.create(TestSettings.gemini(server)), store);
    harness.start(Duration.ofSeconds(30));
    harness.advance(within, 1);
    assertEquals(1, store.outcomes().size(), "one check, recorded");
    return store.outcomes().get(0);
  }

  private void assertFailedReadably(CheckActivities.Outcome failed) {
    assertEquals(ExecutionStatus.FAILED, failed.status());
    String message = failed.errorMessage();
    assertFalse(message == null || message.isBlank());
    assertFalse(
        message.contains("\n") || message.contains("{"), "one readable sentence: " + message);
    assertFalse(message.contains(TestSettings.GEMINI_KEY));
    assertTrue(
        store.nextRun() != null && store.nextRun().isAfter(harness.now()),
        "the task stays scheduled");
  }
}
