package ai.torale.search.judge;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.Judgement;
import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import ai.torale.search.TokenUsage;
import ai.torale.search.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns whatever the judge model wrote into a {@link Judgement}. Every field it gets wrong
 * (missing, wrong type, out of range) is repaired by a rule, so a sloppy model costs precision,
 * never the check. Only output with no JSON object in it at all is a (retryable) malformed
 * response.
 */
public final class JudgementRules {
  static final int DEFAULT_CONFIDENCE = 50;
  static final int MAX_ANSWER = 1_000;
  static final int MAX_NOTIFICATION = 4_000;
  static final int MAX_EVIDENCE = 4_000;
  static final int MAX_TOPIC_WORDS = 5;
  // Compiled once: String.replaceAll and split compiled each pattern anew on every judgement.
  private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\t]+");
  private static final Pattern MARKUP = Pattern.compile("[*_`#\"“”]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private JudgementRules() {}

  public static Judgement parse(
      String modelText, GroundedAnswer found, String provider, String model, TokenUsage usage) {
    JsonNode json = jsonObjectIn(modelText);
    if (json == null) {
      throw new ProviderException(
          ProviderFailure.MALFORMED_RESPONSE,
          provider + " did not return a readable judgement; the check will be retried",
          "judge output: " + modelText,
          null);
    }
    boolean met = bool(json.get("condition_met"));
    JsonNode nextRun = json.get("next_run");
    boolean nextRunGiven = nextRun != null && !(nextRun.isTextual() && nextRun.asText().isBlank());
    return new Judgement(
        met,
        answer(json, found),
        met ? text(json.get("notification"), MAX_NOTIFICATION) : null,
        evidence(json.get("evidence")),
        confidence(json.get("confidence")),
        nextRunGiven && !nextRun.isNull() ? nextRun.asText().strip() : null,
        nextRunGiven,
        topic(json.get("topic")),
        model,
        usage);
  }

  /** The JSON object in the text: plain, fenced in Markdown, or with prose around it. */
  static JsonNode jsonObjectIn(String text) {
    if (text == null) {
      return null;
    }
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start < 0 || end <= start) {
      return null;
    }
    JsonNode node = Json.parseOrNull(text.substring(start, end + 1));
    return node != null && node.isObject() ? node : null;
  }

  static boolean bool(JsonNode node) {
    if (node == null || node.isNull()) {
      return false;
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNumber()) {
      return node.asInt() != 0;
    }
    String s = node.asText().strip().toLowerCase(Locale.ROOT);
    return s.equals("true") || s.equals("yes") || s.equals("1");
  }

  static int confidence(JsonNode node) {
    double value;
    if (node == null || node.isNull()) {
      return DEFAULT_CONFIDENCE;
    } else if (node.isNumber()) {
      value = node.asDouble();
    } else {
      try {
        value = Double.parseDouble(node.asText().strip().replace("%", ""));
      } catch (NumberFormatException e) {
        return DEFAULT_CONFIDENCE;
      }
    }
    // A fraction such as 0.85 is the same judgement on a 0-1 scale.
    if (value > 0 && value < 1) {
      value *= 100;
    }
    return (int) Math.round(Math.max(0, Math.min(100, value)));
  }

  private static String answer(JsonNode json, GroundedAnswer found) {
    String answer = text(json.get("answer"), MAX_ANSWER);
    if (answer != null) {
      return answer;
    }
    // Without the judge's summary the search answer itself is the most honest thing to show.
    String fallback = found.answer() == null ? "" : found.answer().strip();
    return fallback.length() <= MAX_ANSWER ? fallback : fallback.substring(0, MAX_ANSWER) + "…";
  }

  private static String evidence(JsonNode node) {
    if (node != null && node.isArray()) {
      List<String> lines = new ArrayList<>();
      node.forEach(item -> lines.add(item.isTextual() ? item.asText() : item.toString()));
      return text(String.join("\n", lines), MAX_EVIDENCE);
    }
    String text = text(node, MAX_EVIDENCE);
    return text == null ? "" : text;
  }

  /**
   * Text fields: strings kept, numbers and booleans spelled out, objects, blanks and null treated
   * as absent.
   */
  static String text(JsonNode node, int max) {
    if (node == null || node.isNull() || node.isContainerNode()) {
      return null;
    }
    return text(node.asText(), max);
  }

  private static String text(String s, int max) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.strip();
    return t.length() <= max ? t : t.substring(0, max) + "…";
  }

  static String topic(JsonNode node) {
    String raw = text(node, 200);
    if (raw == null) {
      return null;
    }
    // A topic becomes a task name: one line, no Markdown or quotes, at most five words.
    String cleaned =
        MARKUP.matcher(LINE_BREAKS.matcher(raw).replaceAll(" ")).replaceAll("").strip();
    String[] words = SPACES.split(cleaned);
    String topic = String.join(" ", Arrays.copyOf(words, Math.min(words.length, MAX_TOPIC_WORDS)));
    return topic.isBlank() ? null : topic;
  }
}
