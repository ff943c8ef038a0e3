package ai.torale.search.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.Judgement;
import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import ai.torale.search.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JudgementRulesTest {
  static final GroundedAnswer FOUND =
      new GroundedAnswer(
          "gemini",
          "m",
          "Version 2.1 shipped on 2026-03-02.",
          List.of(),
          List.of(),
          TokenUsage.NONE);

  static Judgement parse(String text) {
    return JudgementRules.parse(text, FOUND, "Gemini", "m", new TokenUsage(3, 4));
  }

  @Test
  void aWellFormedJudgementIsTakenAsIs() {
    Judgement j =
        parse(
            "{\"condition_met\":true,\"answer\":\"Out.\",\"notification\":\"**Out**\",\"evidence\":\"e\","
                + "\"confidence\":80,\"next_run\":\"2026-12-01T00:00:00Z\",\"topic\":\"ExampleCorp 2.1 release\"}");
    assertTrue(j.conditionMet());
    assertEquals("Out.", j.answer());
    assertEquals("**Out**", j.notification());
    assertEquals(80, j.confidence());
    assertEquals("2026-12-01T00:00:00Z", j.nextRun());
    assertTrue(j.nextRunGiven());
    assertEquals(new TokenUsage(3, 4), j.usage());
  }

  @Test
  void missingFieldsGetSafeDefaults() {
    Judgement j = parse("{}");
    assertFalse(j.conditionMet());
    assertEquals(
        FOUND.answer(), j.answer(), "without the judge's answer the search answer is shown");
    assertNull(j.notification());
    assertEquals("", j.evidence());
    assertEquals(JudgementRules.DEFAULT_CONFIDENCE, j.confidence());
    assertFalse(j.nextRunGiven(), "missing next_run is not 'goal reached'");
    assertNull(j.nextRun());
    assertNull(j.topic());
  }

  @Test
  void nullNextRunMeansTheGoalIsReached() {
    Judgement j = parse("{\"condition_met\":true,\"next_run\":null}");
    assertTrue(j.nextRunGiven());
    assertNull(j.nextRun());
  }

  @Test
  void anUnparsableDateIsKeptForTheSchedulingPolicy() {
    Judgement j = parse("{\"next_run\":\"next Tuesday-ish\"}");
    assertTrue(j.nextRunGiven());
    assertEquals("next Tuesday-ish", j.nextRun());
    assertFalse(
        parse("{\"next_run\":\"  \"}").nextRunGiven(), "a blank date is as good as missing");
  }

  @Test
  void wrongTypesAreRepaired() {
    Judgement j =
        parse(
            "{\"condition_met\":\"yes\",\"answer\":42,\"notification\":{\"text\":\"x\"},"
                + "\"evidence\":[\"a\",\"b\"],\"confidence\":\"75%\",\"topic\":[\"x\"]}");
    assertTrue(j.conditionMet());
    assertEquals("42", j.answer());
    assertNull(j.notification(), "an object is not a message");
    assertEquals("a\nb", j.evidence());
    assertEquals(75, j.confidence());
    assertNull(j.topic());
  }

  @ParameterizedTest
  @CsvSource({"150,100", "-5,0", "0.85,85", "99.6,100", "abc,50"})
  void confidenceIsAlwaysWithinZeroToHundred(String given, int expected) {
    String value = given.matches("[-0-9.]+") ? given : "\"" + given + "\"";
    assertEquals(expected, parse("{\"confidence\":" + value + "}").confidence());
  }

  @Test
  void noNotificationWhenTheConditionDoesNotHold() {
    assertNull(parse("{\"condition_met\":false,\"notification\":\"Nothing yet!\"}").notification());
  }

  @Test
  void topicsBecomeShortPlainTaskNames() {
    assertEquals(
        "ExampleCorp 2.1 release watch today",
        parse("{\"topic\":\"**ExampleCorp 2.1 release\\nwatch today and tomorrow**\"}").topic());
  }

  @Test
  void fencedOrChattyJsonIsStillRead() {
    assertTrue(
        parse("Sure! ```json\n{\"condition_met\": true}\n``` Hope that helps.").conditionMet());
  }

  @Test
  void textWithoutAnyJsonIsARetryableMalformedResponse() {
    ProviderException e =
        assertThrows(ProviderException.class, () -> parse("I think the condition is met."));
    assertEquals(ProviderFailure.MALFORMED_RESPONSE, e.failure());
    assertTrue(e.failure().retryable());
  }
}
