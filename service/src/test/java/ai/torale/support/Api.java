package ai.torale.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the API under test: raw bodies in, status and JSON out. */
public final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Reply get(String path, String key) {
    return send("GET", path, key, null);
  }

  public Reply post(String path, String key, String body) {
    return send("POST", path, key, body);
  }

  public Reply put(String path, String key, String body) {
    return send("PUT", path, key, body);
  }

  public Reply patch(String path, String key, String body) {
    return send("PATCH", path, key, body);
  }

  public Reply delete(String path, String key) {
    return send("DELETE", path, key, null);
  }

  /**
   * Polls a task's executions until {@code count} exist and the newest has finished (30 s at most);
   * returns it.
   */
  public JsonNode awaitFinished(String key, String taskId, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode list = get("/api/v1/tasks/" + taskId + "/executions", key).json();
      if (list.size() >= count && !list.get(0).get("status").asText().matches("pending|running")) {
        return list.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no finished execution " + count + " for task " + taskId);
  }

  public Reply send(String method, String path, String key, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException closed) {
        // Jetty closes a connection after answering a malformed request; the client may have reused
        // it.
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }
      JsonNode json = parse(response.body());
      return new Reply(response.statusCode(), json, response.body(), response.headers());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The whole response, headers included, of a request with exactly the given headers (name, value,
   * …).
   */
  public HttpResponse<String> raw(String method, String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? null : JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** A response: status, body as JSON (null when empty) and as text, and headers. */
  public record Reply(int status, JsonNode json, String text, java.net.http.HttpHeaders headers) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String field(String name) {
      JsonNode value = json == null ? null : json.get(name);
      return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }
}
