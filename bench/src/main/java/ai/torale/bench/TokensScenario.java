package ai.torale.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one check sends to the model and gets back, read from the mock's captured request bodies,
 * for a task with 10 earlier executions and again with 200: the evaluation prompt must stay bounded
 * as history grows.
 */
final class TokensScenario {
  private TokensScenario() {}

  static void run(Options o, Database db, GeminiMock mock) throws Exception {
    List<Integer> histories = new ArrayList<>();
    for (String h : o.option("history", "10,200").split(",")) {
      histories.add(Integer.parseInt(h.strip()));
    }
    try (App app = new App(db, mock)) {
      app.start();
      Http http = app.http();
      String key = http.newUser(app.adminKey, "bench-tokens@example.com")[1];
      // Paused: only the manual runs below check it; a manual run leaves state and schedule alone.
      UUID task =
          UUID.fromString(
              http.ok(
                      "POST",
                      "/api/v1/tasks",
                      key,
                      "{\"name\":\"tokens\",\"search_query\":\"Has ExampleCorp released version 3.0 of its database?\","
                          + "\"condition_description\":\"Version 3.0 is generally available (not a beta or RC)\","
                          + "\"state\":\"paused\"}")
                  .json()
                  .path("id")
                  .asText());
      Stats.comment(
          "tokens: one task; earlier successful executions inserted with JDBC (answers of ~600 "
              + "characters each), then one manual check (POST /execute); characters counted over the text parts "
              + "of the requests the mock received; tokens are the mock's usageMetadata (characters / 4)");
      int earlier = 0;
      Integer firstEvalChars = null;
      int lastEvalChars = 0;
      for (int history : histories) {
        earlier += insertHistory(db, task, earlier, history - earlier);
        mock.clear();
        String execution =
            http.ok("POST", "/api/v1/tasks/" + task + "/execute", key, null)
                .json()
                .path("id")
                .asText();
        String status = awaitFinal(db, execution);
        earlier++;
        long searchPrompt = 0;
        long searchCompletion = 0;
        long evalPrompt = 0;
        long evalCompletion = 0;
        long promptTokens = 0;
        long completionTokens = 0;
        List<GeminiMock.Call> calls = mock.calls();
        for (GeminiMock.Call call : calls) {
          if (call.kind().equals("evaluate")) {
            evalPrompt += call.promptChars();
            evalCompletion += call.completionChars();
          } else {
            searchPrompt += call.promptChars();
            searchCompletion += call.completionChars();
          }
          promptTokens += call.promptTokens();
          completionTokens += call.completionTokens();
        }
        String p = "h" + history + "_";
        Stats.figure(p + "check_status", status, "status");
        Stats.figure(p + "model_calls", calls.size(), "count");
        Stats.figure(p + "search_prompt_chars", searchPrompt, "chars");
        Stats.figure(p + "search_completion_chars", searchCompletion, "chars");
        Stats.figure(p + "eval_prompt_chars", evalPrompt, "chars");
        Stats.figure(p + "eval_completion_chars", evalCompletion, "chars");
        Stats.figure(p + "prompt_tokens", promptTokens, "tokens");
        Stats.figure(p + "completion_tokens", completionTokens, "tokens");
        if (firstEvalChars == null) {
          firstEvalChars = (int) evalPrompt;
        }
        lastEvalChars = (int) evalPrompt;
      }
      if (calls(mock) == 0 && lastEvalChars == 0) {
        Stats.comment(
            "no request reached the mock: the service has no Gemini provider yet (checks end failed)");
      }
      if (firstEvalChars != null && firstEvalChars > 0) {
        Stats.figure(
            "eval_prompt_growth",
            String.format(java.util.Locale.ROOT, "%.2f", lastEvalChars / (double) firstEvalChars),
            "x (last history / first history)");
      }
    }
  }

  private static int calls(GeminiMock mock) {
    return mock.calls().size();
  }

  /** Earlier successful checks, oldest first, an hour apart, each with a distinct long answer. */
  private static int insertHistory(Database db, UUID task, int from, int count) throws Exception {
    if (count <= 0) {
      return 0;
    }
    Instant base = Instant.now().minusSeconds(3600L * (from + count + 1));
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, result, created_at) "
                    + "VALUES (?, ?, 'success', 'scheduled', ?, ?, CAST(? AS jsonb), ?)")) {
      for (int i = 0; i < count; i++) {
        Instant at = base.plusSeconds(3600L * i);
        String answer =
            ("Check "
                    + (from + i)
                    + ": version 3.0 is not yet generally available; the vendor's "
                    + "release notes list 2.9 as the latest stable release and 3.0-rc"
                    + (from + i)
                    + " as a release "
                    + "candidate. ")
                .repeat(3);
        String result =
            Http.JSON
                .createObjectNode()
                .put("condition_met", false)
                .put("answer", answer)
                .put("confidence", 80)
                .put("topic", "ExampleCorp 3.0")
                .toString();
        s.setObject(1, UUID.randomUUID());
        s.setObject(2, task);
        s.setTimestamp(3, Timestamp.from(at));
        s.setTimestamp(4, Timestamp.from(at.plusSeconds(5)));
        s.setString(5, result);
        s.setTimestamp(6, Timestamp.from(at));
        s.addBatch();
      }
      s.executeBatch();
    }
    return count;
  }

  private static String awaitFinal(Database db, String execution) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    try (Connection c = db.connect();
        PreparedStatement s = c.prepareStatement("SELECT status FROM executions WHERE id = ?")) {
      s.setObject(1, UUID.fromString(execution));
      while (System.currentTimeMillis() < deadline) {
        try (ResultSet r = s.executeQuery()) {
          if (r.next() && List.of("success", "failed", "cancelled").contains(r.getString(1))) {
            return r.getString(1);
          }
        }
        Thread.sleep(50);
      }
    }
    return "timeout";
  }
}
