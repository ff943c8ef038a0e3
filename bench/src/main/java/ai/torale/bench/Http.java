package ai.torale.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A plain HTTP/1.1 client of the API. Blocking and keep-alive (HttpURLConnection): the load
 * generator shares the 2 cores with the service, and java.net.http's selector and executor
 * hand-offs cost several times more CPU per request.
 */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Idle keep-alive connections kept per host; the JDK's default of 5 would reconnect for 8
    // clients.
    System.setProperty("http.maxConnections", "64");
  }

  private final String base;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
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
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(base + path).toURL().openConnection();
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(60_000);
      connection.setRequestMethod(method);
      if (key != null) {
        connection.setRequestProperty("Authorization", "Bearer " + key);
      }
      if (body != null) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(bytes.length);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
          out.write(bytes);
        }
      }
      int status = connection.getResponseCode();
      // Reading the body to its end (error bodies too) returns the connection to the keep-alive
      // cache.
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      String text = "";
      if (in != null) {
        try (in) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return new Reply(status, text);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  /** Sends and insists on 2xx. */
  Reply ok(String method, String path, String key, String body) {
    Reply reply = send(method, path, key, body);
    if (reply.status() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " -> " + reply.status() + " " + reply.body());
    }
    return reply;
  }

  /** A new user made by the admin: [user id, API key]. */
  String[] newUser(String adminKey, String email) {
    JsonNode issued =
        ok("POST", "/api/v1/admin/users", adminKey, "{\"email\":\"" + email + "\"}").json();
    return new String[] {issued.path("user").path("id").asText(), issued.path("api_key").asText()};
  }
}
