package ai.torale.search;

import static ai.torale.search.GeminiProviderTest.REQUEST;
import static ai.torale.search.GeminiProviderTest.failureOf;
import static ai.torale.search.GeminiProviderTest.judgeRequest;
import static ai.torale.search.TestSettings.OPENAI_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.search.MockServer.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest {
  static final String RESPONSES = "/v1/responses";
  static final String CHAT = "/v1/chat/completions";

  private final MockServer server = new MockServer();
  private final Providers openai = ProviderFactory.create(TestSettings.openai(server));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void searchUsesTheResponsesApiWithWebSearchAndReadsCitations() {
    server.always(RESPONSES, Reply.ok(Fixtures.read("openai/responses_websearch.json")));

    GroundedAnswer found = openai.search().search(REQUEST);

    MockServer.Request sent = server.last(RESPONSES);
    assertEquals("Bearer " + OPENAI_KEY, sent.header("Authorization"));
    JsonNode body = sent.json();
    assertEquals("gpt-test", body.path("model").asText());
    assertEquals("web_search", body.at("/tools/0/type").asText());
    assertTrue(body.path("instructions").asText().contains("2026-11-29"));
    assertTrue(body.path("input").asText().contains("<untrusted_data>"));
    assertTrue(body.path("input").asText().contains("Has ExampleCorp released version 2.1?"));

    assertTrue(found.answer().startsWith("Version 2.1 was released on 2026-03-02"));
    assertEquals(
        List.of(
            new Source("https://example.org/releases/2.1", "Release 2.1 notes"),
            new Source("https://news.example.com/a?x=1", "ExampleCorp ships 2.1")),
        found.sources());
    assertEquals(List.of("ExampleCorp 2.1 release"), found.searchQueries());
    assertEquals(new TokenUsage(812, 64), found.usage());
    assertEquals("gpt-5-mini-2026-08-07", found.model());
  }

  @Test
  void judgeUsesChatCompletionsWithAStrictJsonSchema() {
    server.always(CHAT, Reply.ok(Fixtures.read("openai/chat_judge.json")));

    Judgement verdict = openai.judge().judge(judgeRequest("No 2.1 yet."));

    JsonNode body = server.last(CHAT).json();
    assertEquals("system", body.at("/messages/0/role").asText());
    assertEquals("user", body.at("/messages/1/role").asText());
    assertTrue(body.at("/messages/1/content").asText().startsWith("<untrusted_data>"));
    assertEquals("json_schema", body.at("/response_format/type").asText());
    assertTrue(body.at("/response_format/json_schema/strict").asBoolean());
    JsonNode schema = body.at("/response_format/json_schema/schema");
    assertFalse(schema.path("additionalProperties").asBoolean(true));
    assertEquals(
        schema.path("properties").size(),
        schema.path("required").size(),
        "strict wants all required");
    assertFalse(body.has("tools"));

    assertFalse(verdict.conditionMet());
    assertEquals("No release yet.", verdict.answer());
    assertNull(verdict.notification());
    assertEquals(70, verdict.confidence());
    assertEquals(new TokenUsage(120, 18), verdict.usage());
  }

  @Test
  void rateLimitsRetryButAnEmptyAccountDoesNot() {
    server.once(
        RESPONSES,
        Reply.json(429, Fixtures.read("openai/error_429_rate_limit.json"))
            .withHeader("retry-after", "20"));
    ProviderException limited = failureOf(() -> openai.search().search(REQUEST));
    assertEquals(ProviderFailure.RATE_LIMITED, limited.failure());
    assertEquals(Duration.ofSeconds(20), limited.retryAfter().orElseThrow());

    server.once(
        RESPONSES, Reply.json(429, Fixtures.read("openai/error_429_insufficient_quota.json")));
    ProviderException broke = failureOf(() -> openai.search().search(REQUEST));
    assertEquals(ProviderFailure.CONFIGURATION, broke.failure());
    assertTrue(broke.getMessage().contains("OPENAI_API_KEY"));
  }

  @Test
  void aBadKeyIsNonRetryableAndNeverEchoed() {
    server.always(CHAT, Reply.json(401, Fixtures.read("openai/error_401.json")));
    ProviderException e = failureOf(() -> openai.judge().judge(judgeRequest("x")));
    assertEquals(ProviderFailure.CONFIGURATION, e.failure());
    assertEquals(
        "OpenAI rejected the API key (HTTP 401); set a valid OPENAI_API_KEY", e.getMessage());
    assertFalse(e.rawDetail().contains(OPENAI_KEY));
  }

  @Test
  void serverErrorsRetryAndRefusalsAreBlocks() {
    server.once(
        CHAT,
        Reply.json(
            500,
            "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
    assertEquals(
        ProviderFailure.SERVER_ERROR,
        failureOf(() -> openai.judge().judge(judgeRequest("x"))).failure());
    server.once(CHAT, Reply.ok(Fixtures.read("openai/chat_refusal.json")));
    assertEquals(
        ProviderFailure.BLOCKED,
        failureOf(() -> openai.judge().judge(judgeRequest("x"))).failure());
  }

  @Test
  void anIncompleteResponseWithoutTextIsMalformed() {
    server.always(
        RESPONSES,
        Reply.ok(
            "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"incomplete\","
                + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"output\":[],\"usage\":{}}"));
    ProviderException e = failureOf(() -> openai.search().search(REQUEST));
    assertEquals(ProviderFailure.MALFORMED_RESPONSE, e.failure());
    assertTrue(e.getMessage().contains("max_output_tokens"));
  }
}
