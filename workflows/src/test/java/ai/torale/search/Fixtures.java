package ai.torale.search;

import ai.torale.search.http.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Provider replies recorded in the shape each provider documents, under
 * src/test/resources/fixtures.
 */
public final class Fixtures {
  private Fixtures() {}

  public static String read(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Gemini judge reply with the model's text replaced. */
  public static String geminiText(String text) {
    ObjectNode body = (ObjectNode) Json.parseOrNull(read("gemini/judge.json"));
    ((ObjectNode) body.at("/candidates/0/content/parts/0")).put("text", text);
    return Json.write(body);
  }

  /** A Chat Completions reply whose message content is the given text. */
  public static String chatContent(String content) {
    ObjectNode body = (ObjectNode) Json.parseOrNull(read("openai/chat_judge.json"));
    ((ObjectNode) body.at("/choices/0/message")).put("content", content);
    return Json.write(body);
  }

  /** A judgement as a well-behaved model writes it. */
  public static String judgement(boolean met, String answer, String notification, String nextRun) {
    ObjectNode j = Json.object();
    j.put("condition_met", met);
    j.put("answer", answer);
    j.put("notification", notification);
    j.put("evidence", "The release notes at https://example.org/releases/2.1 say so.");
    j.put("confidence", 90);
    j.put("next_run", nextRun);
    j.put("topic", "ExampleCorp 2.1 release");
    return Json.write(j);
  }
}
