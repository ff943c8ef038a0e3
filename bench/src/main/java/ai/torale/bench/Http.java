package ai.torale.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP/1.1 client of the API; one per load thread. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Http fresh() {
    return new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
  }

  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("Not JSON: " + body, e);
      }
    }
  }

  Reply send(String method, String path, String key, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends and insists on 2xx. */
  Reply ok(String method, String path, String key, String body) {
    Reply reply = send(method, path, key, body);
    if (reply.status() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " -> " + reply.status() + " " + reply.body());
    }
    return reply;
  }

  /** A new user made by the admin: [user id, API key]. */
  String[] newUser(String adminKey, String email) {
    JsonNode issued = ok("POST", "/api/v1/admin/users", adminKey, "{\"email\":\"" + email + "\"}").json();
    return new String[] {issued.path("user").path("id").asText(), issued.path("api_key").asText()};
  }
}
