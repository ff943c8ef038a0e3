package ai.torale.search.prompt;

import ai.torale.search.JudgeRequest;
import ai.torale.search.Source;
import ai.torale.search.http.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
  // A usual data block: an answer, its sources and three earlier answers, about 2 KB.
  private static final int USUAL_DATA = 2_048;

  private JudgePrompt() {}

  public static String instructions(JudgeRequest request) {
    String now =
        DateTimeFormatter.ISO_INSTANT.format(request.now().truncatedTo(ChronoUnit.SECONDS));
    return "You judge, for a web-monitoring service, whether a user's condition holds, from a fresh web search. "
        + "Now is "
        + now
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
    ObjectNode data = Json.object();
    data.put("query", UntrustedData.bounded(request.query(), MAX_TEXT));
    data.put("condition", UntrustedData.bounded(request.condition(), MAX_TEXT));
    data.put("search_answer", UntrustedData.bounded(request.found().answer(), MAX_ANSWER));
    ArrayNode sources = data.putArray("sources");
    for (Source s : request.found().sources().stream().limit(MAX_SOURCES).toList()) {
      sources
          .addObject()
          .put("url", UntrustedData.bounded(s.url(), 500))
          .put("title", UntrustedData.bounded(s.title(), 300));
    }
    ArrayNode queries = data.putArray("search_queries");
    request.found().searchQueries().stream()
        .limit(10)
        .forEach(q -> queries.add(UntrustedData.bounded(q, 300)));
    data.put(
        "last_notified_answer",
        UntrustedData.bounded(request.lastNotifiedAnswer(), MAX_PAST_ANSWER));
    ArrayNode recent = data.putArray("recent_answers_oldest_first");
    lastFew(request.recentAnswers())
        .forEach(a -> recent.add(UntrustedData.bounded(a, MAX_PAST_ANSWER)));
    return UntrustedData.block(data, USUAL_DATA);
  }

  private static List<String> lastFew(List<String> answers) {
    return answers.subList(Math.max(0, answers.size() - RECENT_CHECKS), answers.size());
  }
}
