package ai.torale.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins for Slack, Discord, Teams, ntfy and Telegram on 127.0.0.1, each checking a
 * request the way the real API does and answering in its format, errors and rate limits included.
 */
final class ChatServers implements AutoCloseable {
  static final String NTFY_TOKEN = "tk_good0123456789abcdefghijklmn";
  static final String BOT_TOKEN = "123456789:AAFakeBotToken_0123456789abcdefghij";
  static final String MISSING_CHAT = "-100404";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received: path, a header of interest and the body as JSON. */
  record Received(String path, String contentType, String authorization, JsonNode body) {}

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final AtomicBoolean rateLimitNext = new AtomicBoolean();
  private volatile String retryAfterHeader = "600";
  private volatile double retryAfterBody = 600.5;

  ChatServers() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/slack/", this::slack);
    server.createContext("/discord/", this::discord);
    server.createContext("/teams/", this::teams);
    server.createContext("/ntfy/", this::ntfy);
    server.createContext("/tg/", this::telegram);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /**
   * The next request is rate limited, naming these waits (header, and body where the API has one).
   */
  ChatServers rateLimitNext(String header, double body) {
    retryAfterHeader = header;
    retryAfterBody = body;
    rateLimitNext.set(true);
    return this;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  Received last() {
    List<Received> all = received();
    return all.get(all.size() - 1);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // Slack: 200 "ok"; 400 invalid_blocks / invalid_payload; 404 no_service; 429 + Retry-After.
  private void slack(HttpExchange ex) throws IOException {
    JsonNode body = record(ex);
    if (ex.getRequestURI().getPath().endsWith("/gone")) {
      answer(ex, 404, "text/plain", "no_service");
    } else if (rateLimited()) {
      ex.getResponseHeaders().set("Retry-After", retryAfterHeader);
      answer(ex, 429, "text/plain", "rate_limited");
    } else if (body == null) {
      answer(ex, 400, "text/plain", "invalid_payload");
    } else if (!slackBlocksValid(body)) {
      answer(ex, 400, "text/plain", "invalid_blocks");
    } else {
      answer(ex, 200, "text/plain", "ok");
    }
  }

  private static boolean slackBlocksValid(JsonNode body) {
    JsonNode blocks = body.path("blocks");
    if (!blocks.isArray() || blocks.isEmpty() || blocks.size() > 50) {
      return false;
    }
    for (JsonNode block : blocks) {
      String type = block.path("type").asText();
      int max =
          switch (type) {
            case "header" -> 150;
            case "section" -> 3000;
            case "context", "actions" -> Integer.MAX_VALUE;
            default -> -1;
          };
      if (max < 0) {
        return false;
      }
      if (!type.equals("context") && !type.equals("actions")) {
        String text = block.path("text").path("text").asText("");
        if (text.isEmpty() || text.length() > max) {
          return false;
        }
        if (type.equals("header") && !block.at("/text/type").asText().equals("plain_text")) {
          return false;
        }
      }
    }
    return true;
  }

  // Discord: 204; 400 {"code":50035,"message":"Invalid Form Body"}; 404 Unknown Webhook; 429.
  private void discord(HttpExchange ex) throws IOException {
    JsonNode body = record(ex);
    if (ex.getRequestURI().getPath().endsWith("/gone")) {
      answer(ex, 404, "application/json", "{\"message\": \"Unknown Webhook\", \"code\": 10015}");
    } else if (rateLimited()) {
      ex.getResponseHeaders().set("Retry-After", retryAfterHeader);
      answer(
          ex,
          429,
          "application/json",
          "{\"message\": \"You are being rate limited.\", \"retry_after\": "
              + retryAfterBody
              + ", \"global\": false}");
    } else if (body == null || !discordEmbedsValid(body)) {
      answer(ex, 400, "application/json", "{\"code\": 50035, \"message\": \"Invalid Form Body\"}");
    } else {
      answer(ex, 204, null, null);
    }
  }

  private static boolean discordEmbedsValid(JsonNode body) {
    JsonNode embeds = body.path("embeds");
    if (!embeds.isArray() || embeds.isEmpty() || embeds.size() > 10) {
      return false;
    }
    int total = 0;
    for (JsonNode e : embeds) {
      int title = e.path("title").asText("").length();
      int description = e.path("description").asText("").length();
      if (title > 256 || description > 4096 || e.path("fields").size() > 25) {
        return false;
      }
      total += title + description;
      for (JsonNode f : e.path("fields")) {
        int name = f.path("name").asText("").length();
        int value = f.path("value").asText("").length();
        if (name == 0 || name > 256 || value == 0 || value > 1024) {
          return false;
        }
        total += name + value;
      }
    }
    return total <= 6000;
  }

  // Teams Workflows: 202; 400 {"error":{"code","message"}}.
  private void teams(HttpExchange ex) throws IOException {
    JsonNode body = record(ex);
    JsonNode attachment = body == null ? null : body.path("attachments").path(0);
    boolean valid =
        body != null
            && body.path("type").asText().equals("message")
            && attachment
                .path("contentType")
                .asText()
                .equals("application/vnd.microsoft.card.adaptive")
            && attachment.at("/content/type").asText().equals("AdaptiveCard")
            && attachment.at("/content/body").isArray()
            && ex.getRequestBody() != null;
    if (!valid) {
      answer(
          ex,
          400,
          "application/json",
          "{\"error\":{\"code\":\"InvalidRequestContent\",\"message\":\"The input body for trigger 'manual' of type 'Request' did not match its schema definition.\"}}");
    } else {
      answer(ex, 202, null, null);
    }
  }

  // ntfy JSON publish to the root: 200 message JSON; 403 {"code":40301,...}; 429
  // {"code":42901,...}.
  private void ntfy(HttpExchange ex) throws IOException {
    JsonNode body = record(ex);
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (!ex.getRequestURI().getPath().equals("/ntfy/") || body == null) {
      answer(
          ex,
          400,
          "application/json",
          "{\"code\":40001,\"http\":400,\"error\":\"invalid request\"}");
    } else if (body.path("topic").asText().equals("private")
        && !("Bearer " + NTFY_TOKEN).equals(auth)) {
      answer(ex, 403, "application/json", "{\"code\":40301,\"http\":403,\"error\":\"forbidden\"}");
    } else if (rateLimited()) {
      answer(
          ex,
          429,
          "application/json",
          "{\"code\":42901,\"http\":429,\"error\":\"limit reached: too many requests\"}");
    } else if (body.path("message").asText().getBytes(StandardCharsets.UTF_8).length > 4096) {
      answer(ex, 413, "application/json", "{\"code\":41301,\"http\":413,\"error\":\"too large\"}");
    } else {
      answer(
          ex,
          200,
          "application/json",
          "{\"id\":\"hwQ2YpKdmg\",\"event\":\"message\",\"topic\":\""
              + body.path("topic").asText()
              + "\"}");
    }
  }

  private static final Pattern BOT_PATH = Pattern.compile("/tg/bot([^/]+)/sendMessage");

  // Telegram Bot API: {"ok":true,"result":…} or
  // {"ok":false,"error_code","description","parameters"}.
  private void telegram(HttpExchange ex) throws IOException {
    JsonNode body = record(ex);
    Matcher m = BOT_PATH.matcher(ex.getRequestURI().getPath());
    if (!m.matches() || !m.group(1).equals(BOT_TOKEN)) {
      telegramError(ex, 401, "Unauthorized", "");
    } else if (rateLimited()) {
      telegramError(
          ex,
          429,
          "Too Many Requests: retry after " + (int) retryAfterBody,
          ",\"parameters\":{\"retry_after\":" + (int) retryAfterBody + "}");
    } else if (body == null
        || !body.path("text").isTextual()
        || body.path("text").asText().isEmpty()) {
      telegramError(ex, 400, "Bad Request: message text is empty", "");
    } else if (MISSING_CHAT.equals(body.path("chat_id").asText())) {
      telegramError(ex, 400, "Bad Request: chat not found", "");
    } else if (!"HTML".equals(body.path("parse_mode").asText())
        || !telegramHtmlValid(body.path("text").asText())) {
      telegramError(ex, 400, "Bad Request: can't parse entities: unsupported start tag", "");
    } else if (visibleLength(body.path("text").asText()) > 4096) {
      telegramError(ex, 400, "Bad Request: message is too long", "");
    } else {
      answer(ex, 200, "application/json", "{\"ok\":true,\"result\":{\"message_id\":42}}");
    }
  }

  private static final Pattern TAG = Pattern.compile("</?(b|i|a)( href=\"[^\"<>]*\")?>");
  private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot);");

  /** What the Bot API's HTML parser accepts of ours: b, i, a tags and the four named entities. */
  static boolean telegramHtmlValid(String html) {
    String noTags = TAG.matcher(html).replaceAll("");
    if (noTags.indexOf('<') >= 0 || noTags.indexOf('>') >= 0) {
      return false;
    }
    return ENTITY.matcher(noTags).replaceAll("").indexOf('&') < 0;
  }

  private static int visibleLength(String html) {
    return ENTITY.matcher(TAG.matcher(html).replaceAll("")).replaceAll("x").length();
  }

  private void telegramError(HttpExchange ex, int code, String description, String more)
      throws IOException {
    answer(
        ex,
        code,
        "application/json",
        "{\"ok\":false,\"error_code\":"
            + code
            + ",\"description\":"
            + JSON.writeValueAsString(description)
            + more
            + "}");
  }

  private boolean rateLimited() {
    return rateLimitNext.getAndSet(false);
  }

  private JsonNode record(HttpExchange ex) throws IOException {
    byte[] bytes = ex.getRequestBody().readAllBytes();
    JsonNode body;
    try {
      body = JSON.readTree(bytes);
    } catch (IOException e) {
      body = null;
    }
    synchronized (this) {
      received.add(
          new Received(
              ex.getRequestURI().getPath(),
              ex.getRequestHeaders().getFirst("Content-Type"),
              ex.getRequestHeaders().getFirst("Authorization"),
              body));
    }
    return body;
  }

  private static void answer(HttpExchange ex, int status, String type, String body)
      throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
    } else {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }
}
