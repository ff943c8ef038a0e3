package ai.torale.search;

import ai.torale.search.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider stand-in on the JDK's HttpServer: it records every request and answers each path with
 * a scripted reply (once) or a standing one (every time), shaped like the real provider's.
 */
public final class MockServer implements AutoCloseable {

  public record Request(String method, String path, String query, Headers headers, String body) {
    public JsonNode json() {
      return Json.parseOrNull(body);
    }

    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  public record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
    public static Reply json(int status, String body) {
      return new Reply(status, body, Map.of("Content-Type", "application/json"), 0);
    }

    public static Reply ok(String body) {
      return json(200, body);
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> h = new java.util.HashMap<>(headers);
      h.put(name, value);
      return new Reply(status, body, h, delayMillis);
    }

    public Reply delayed(long millis) {
      return new Reply(status, body, headers, millis);
    }
  }

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor =
      java.util.concurrent.Executors.newCachedThreadPool();
  private final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Deque<Reply>> once = new ConcurrentHashMap<>();
  private final Map<String, Reply> always = new ConcurrentHashMap<>();

  public MockServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public MockServer always(String path, Reply reply) {
    always.put(path, reply);
    return this;
  }

  public MockServer once(String path, Reply reply) {
    once.computeIfAbsent(path, p -> new ArrayDeque<>()).add(reply);
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String path) {
    return requests().stream().filter(r -> r.path().equals(path)).toList();
  }

  public Request last(String path) {
    List<Request> matching = requests(path);
    if (matching.isEmpty()) {
      throw new AssertionError(
          "No request to " + path + "; got " + requests().stream().map(Request::path).toList());
    }
    return matching.get(matching.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            path,
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders(),
            body));
    Deque<Reply> queued = once.get(path);
    Reply reply = queued != null && !queued.isEmpty() ? queued.poll() : always.get(path);
    if (reply == null) {
      reply = Reply.json(599, "{\"error\":\"no reply scripted for " + path + "\"}");
    }
    try {
      if (reply.delayMillis() > 0) {
        Thread.sleep(reply.delayMillis());
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      boolean empty = bytes.length == 0 || "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(reply.status(), empty ? -1 : bytes.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client gave up (a timeout test); nothing to answer.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
