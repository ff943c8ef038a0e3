package ai.torale.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local server speaking Gemini's generateContent wire format: a grounded answer for search calls
 * (those that send the google_search tool) and the configured verdict for evaluation calls. It
 * records what was sent.
 */
public final class GeminiServer implements AutoCloseable {
  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String verdict;
  private volatile Duration delay = Duration.ZERO;
  private volatile int refusing;

  public GeminiServer(String verdictJson) throws IOException {
    this.verdict = verdictJson;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(body);
          try {
            Thread.sleep(delay.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          int status = refusing;
          byte[] answer =
              (status != 0
                      ? refusal(status)
                      : body.contains("google_search") ? grounded() : judged())
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status != 0 ? status : 200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void verdict(String json) {
    this.verdict = json;
  }

  /** How long each answer takes, to keep checks in flight. */
  public void delay(Duration delay) {
    this.delay = delay;
  }

  /**
   * Answers every request with this HTTP status and Google's error body (403: the key is refused,
   * which no retry can help); 0 answers normally again.
   */
  public void refuse(int status) {
    this.refusing = status;
  }

  private static String refusal(int status) {
    return "{\"error\":{\"code\":"
        + status
        + ",\"message\":\"Method doesn't allow unregistered callers.\",\"status\":\"PERMISSION_DENIED\"}}";
  }

  public List<String> requests() {
    return requests;
  }

  private static String grounded() {
    return """
    {"candidates":[{"content":{"role":"model","parts":[{"text":"ExampleCorp released version 2.1 on 2026-03-02."}]},
      "finishReason":"STOP","index":0,
      "groundingMetadata":{"webSearchQueries":["ExampleCorp 2.1 release date"],
        "groundingChunks":[{"web":{"uri":"https://example.org/releases/2.1","title":"Release 2.1 notes"}},
                           {"web":{"uri":"https://news.example.com/examplecorp-2-1","title":"news.example.com"}}],
        "groundingSupports":[{"segment":{"startIndex":0,"endIndex":47,"text":"ExampleCorp released version 2.1 on 2026-03-02."},
          "groundingChunkIndices":[0,1],"confidenceScores":[0.95,0.81]}]}}],
     "usageMetadata":{"promptTokenCount":31,"candidatesTokenCount":24,"totalTokenCount":55},
     "modelVersion":"gemini-test"}\
    """;
  }

  private String judged() {
    String text = verdict.replace("\\", "\\\\").replace("\"", "\\\"");
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\""
        + text
        + "\"}]},"
        + "\"finishReason\":\"STOP\",\"index\":0}],"
        + "\"usageMetadata\":{\"promptTokenCount\":640,\"candidatesTokenCount\":80,\"totalTokenCount\":720},"
        + "\"modelVersion\":\"gemini-test\"}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
