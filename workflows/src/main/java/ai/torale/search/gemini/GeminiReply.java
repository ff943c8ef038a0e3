package ai.torale.search.gemini;

import ai.torale.search.TokenUsage;
import ai.torale.search.http.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What Torale takes from a {@code generateContent} reply, read as the parser goes: the first
 * candidate's text (thought summaries left out), why it finished, its grounding (the queries, the
 * chunks, the chunk indices its supports cite in order), why the prompt was blocked, the token
 * counts and the model version. Nothing else becomes an object: read as a tree, every field of a
 * reply (the rendered search entry point, the supports' segments, each confidence score) was a node
 * of its own, about 7.5 KB a reply, and a check reads two.
 *
 * @param candidate whether the reply has a first candidate at all
 * @param chunks every grounding chunk in its place (a chunk without a web page has a null uri), so
 *     that the supports' indices point at the right one
 */
record GeminiReply(
    boolean candidate,
    String text,
    String finishReason,
    String blockReason,
    List<String> queries,
    List<GroundingLinks.Chunk> chunks,
    List<Integer> cited,
    TokenUsage usage,
    String modelVersion) {

  /** The model that answered, as the reply names it, else the one configured. */
  String modelVersion(String configured) {
    return modelVersion == null ? configured : modelVersion;
  }

  /** The reply, or null when {@code body} is not a JSON object. */
  static GeminiReply read(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try (JsonParser p = Json.MAPPER.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Reading reading = new Reading();
      eachField(
          p,
          field -> {
            switch (field) {
              case "candidates" -> reading.candidates(p);
              case "promptFeedback" ->
                  eachField(
                      p,
                      f -> {
                        if (f.equals("blockReason")) {
                          reading.blockReason = text(p);
                        } else {
                          p.skipChildren();
                        }
                      });
              case "usageMetadata" -> reading.usage(p);
              case "modelVersion" -> reading.modelVersion = text(p);
              default -> p.skipChildren();
            }
          });
      return reading.reply();
    } catch (IOException e) {
      return null;
    }
  }

  /** The fields as they arrive; a reply may give them in any order. */
  private static final class Reading {
    boolean candidate;
    final StringBuilder text = new StringBuilder();
    String finishReason;
    String blockReason;
    final List<String> queries = new ArrayList<>(2);
    final List<GroundingLinks.Chunk> chunks = new ArrayList<>();
    final List<Integer> cited = new ArrayList<>();
    long prompt;
    long toolUsePrompt;
    long candidates;
    long thoughts;
    String modelVersion;

    GeminiReply reply() {
      return new GeminiReply(
          candidate,
          text.toString(),
          finishReason,
          blockReason,
          queries,
          chunks,
          cited,
          new TokenUsage(prompt + toolUsePrompt, candidates + thoughts),
          modelVersion);
    }

    void candidates(JsonParser p) throws IOException {
      eachElement(
          p,
          () -> {
            if (candidate) {
              p.skipChildren();
            } else {
              candidate = true;
              firstCandidate(p);
            }
          });
    }

    private void firstCandidate(JsonParser p) throws IOException {
      eachField(
          p,
          field -> {
            switch (field) {
              case "content" ->
                  eachField(
                      p,
                      f -> {
                        if (f.equals("parts")) {
                          eachElement(p, () -> part(p));
                        } else {
                          p.skipChildren();
                        }
                      });
              case "finishReason" -> finishReason = text(p);
              case "groundingMetadata" -> grounding(p);
              default -> p.skipChildren();
            }
          });
    }

    private void part(JsonParser p) throws IOException {
      String[] partText = new String[1];
      boolean[] thought = new boolean[1];
      eachField(
          p,
          field -> {
            switch (field) {
              case "text" -> partText[0] = text(p);
              // Thought summaries are the model's working, not its answer.
              case "thought" -> thought[0] = p.currentToken() == JsonToken.VALUE_TRUE;
              default -> p.skipChildren();
            }
          });
      if (!thought[0] && partText[0] != null) {
        text.append(partText[0]);
      }
    }

    private void grounding(JsonParser p) throws IOException {
      eachField(
          p,
          field -> {
            switch (field) {
              case "webSearchQueries" ->
                  eachElement(
                      p,
                      () -> {
                        String query = text(p);
                        if (query != null) {
                          queries.add(query);
                        }
                      });
              case "groundingChunks" -> eachElement(p, () -> chunks.add(chunk(p)));
              case "groundingSupports" ->
                  eachElement(
                      p,
                      () ->
                          eachField(
                              p,
                              f -> {
                                if (f.equals("groundingChunkIndices")) {
                                  eachElement(
                                      p,
                                      () -> {
                                        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                                          cited.add(p.getIntValue());
                                        } else {
                                          p.skipChildren();
                                        }
                                      });
                                } else {
                                  p.skipChildren();
                                }
                              }));
              default -> p.skipChildren();
            }
          });
    }

    /** A chunk in its place, its uri null when it is not a web page. */
    private static GroundingLinks.Chunk chunk(JsonParser p) throws IOException {
      String[] web = new String[2];
      eachField(
          p,
          field -> {
            if (field.equals("web")) {
              eachField(
                  p,
                  f -> {
                    switch (f) {
                      case "uri" -> web[0] = text(p);
                      case "title" -> web[1] = text(p);
                      default -> p.skipChildren();
                    }
                  });
            } else {
              p.skipChildren();
            }
          });
      return new GroundingLinks.Chunk(web[0], web[1]);
    }

    void usage(JsonParser p) throws IOException {
      eachField(
          p,
          field -> {
            switch (field) {
              case "promptTokenCount" -> prompt = number(p);
              case "toolUsePromptTokenCount" -> toolUsePrompt = number(p);
              case "candidatesTokenCount" -> candidates = number(p);
              case "thoughtsTokenCount" -> thoughts = number(p);
              default -> p.skipChildren();
            }
          });
    }
  }

  private interface Field {
    void read(String name) throws IOException;
  }

  private interface Element {
    void read() throws IOException;
  }

  /**
   * Reads each field of the object the parser is at, the parser on its value; a value that is not
   * an object is skipped, as a reader of the tree would have found nothing in it.
   */
  private static void eachField(JsonParser p, Field field) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      field.read(name);
    }
  }

  /** Reads each element of the array the parser is at; anything else is skipped. */
  private static void eachElement(JsonParser p, Element element) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      element.read();
    }
  }

  /** The current value if it is text, else null (an object or array is skipped). */
  private static String text(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static long number(JsonParser p) throws IOException {
    return p.currentToken().isNumeric() ? p.getValueAsLong() : 0;
  }
}
