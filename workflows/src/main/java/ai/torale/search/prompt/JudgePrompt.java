package ai.torale.search.prompt;

import ai.torale.search.JudgeRequest;
import ai.torale.search.Source;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The evaluation step's prompt. The judge sees the condition, the fresh answer and its sources, the
 * last notified answer and the last few checks' answers, each bounded so the prompt stays small
 * however long the task's history grows; it is told to notify only on news.
 */
public final class JudgePrompt {
  static final int RECENT_CHECKS = 3;
  static final int MAX_ANSWER = 6_000;
  static final int MAX_PAST_ANSWER = 1_000;
  static final int MAX_SOURCES = 15;
  static final int MAX_TEXT = 2_000;

  private static final LatestInstructions BY_SECOND =
      new LatestInstructions(second -> instructions(Instant.ofEpochSecond(second)));

  private JudgePrompt() {}

  /** The instructions carry the time to the second. */
  public static String instructions(JudgeRequest request) {
    return BY_SECOND.at(request.now().getEpochSecond());
  }

  private static String instructions(Instant now) {
    return "You judge, for a web-monitoring service, whether a user's condition holds, from a fresh web search. "
        + "Now is "
        + DateTimeFormatter.ISO_INSTANT.format(now)
        + ". "
        + UntrustedData.RULE
        + "\n"
        + "Return one JSON object with these fields:\n"
        + "- condition_met: true only when the search answer and its sources show that the condition holds.\n"
        + "- answer: a short answer to the query for the user, at most two sentences.\n"
        + "- notification: Markdown telling the user what happened, only when condition_met is true AND the "
        + "finding is new compared with last_notified_answer (and not just a rewording of it); otherwise null.\n"
        + "- evidence: why you decided so, citing source URLs, for the audit trail.\n"
        + "- confidence: an integer from 0 to 100; low when sources is empty, since the answer then rests on "
        + "no web page.\n"
        + "- next_run: an ISO-8601 UTC date-time when checking again is worthwhile (soon when something is "
        + "imminent, later when nothing is expected), or null only when the condition is met and can never change "
        + "again, so the goal is permanently reached.\n"
        + "- topic: 3 to 5 words naming what is monitored.";
  }

  public static String data(JudgeRequest request) {
    return UntrustedData.block(json -> data(request, json));
  }

  private static void data(JudgeRequest request, JsonGenerator json) throws IOException {
    json.writeStringField("query", UntrustedData.bounded(request.query(), MAX_TEXT));
    json.writeStringField("condition", UntrustedData.bounded(request.condition(), MAX_TEXT));
    json.writeStringField(
        "search_answer", UntrustedData.bounded(request.found().answer(), MAX_ANSWER));
    json.writeArrayFieldStart("sources");
    for (Source s : first(request.found().sources(), MAX_SOURCES)) {
      json.writeStartObject();
      json.writeStringField("url", UntrustedData.bounded(s.url(), 500));
      json.writeStringField("title", UntrustedData.bounded(s.title(), 300));
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("search_queries");
    for (String query : first(request.found().searchQueries(), 10)) {
      json.writeString(UntrustedData.bounded(query, 300));
    }
    json.writeEndArray();
    json.writeStringField(
        "last_notified_answer",
        UntrustedData.bounded(request.lastNotifiedAnswer(), MAX_PAST_ANSWER));
    json.writeArrayFieldStart("recent_answers_oldest_first");
    List<String> answers = request.recentAnswers();
    for (String answer :
        answers.subList(Math.max(0, answers.size() - RECENT_CHECKS), answers.size())) {
      json.writeString(UntrustedData.bounded(answer, MAX_PAST_ANSWER));
    }
    json.writeEndArray();
  }

  private static <T> List<T> first(List<T> items, int limit) {
    return items.size() <= limit ? items : items.subList(0, limit);
  }
}
