package ai.torale.notify.chat;

import ai.torale.notify.GuardedHttp.Answer;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotificationValidator;
import ai.torale.notify.SendOutcome;
import ai.torale.search.Source;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Telegram's Bot API: {@code POST {api}/bot<token>/sendMessage} with {@code parse_mode} HTML (bold
 * title, the answer, sources as links, the query, a link to the task), link previews off, within
 * 4096 characters. HTML because its escaping is three entities, where MarkdownV2 needs eighteen
 * characters escaped differently inside and outside links. The API answers {@code {"ok":true}} or
 * {@code {"ok":false,"error_code","description","parameters":{"retry_after"}}}.
 */
public final class Telegram implements ChatPlatform {
  public static final String DEFAULT_API = "https://api.telegram.org";

  /** Telegram counts the text after entity parsing; the HTML is longer, so this is safe. */
  static final int TEXT = 4096;

  private static final int TAIL = 1500;

  private final NotificationValidator validator;
  private final String api;

  /** {@code api} is {@code TORALE_TELEGRAM_API_URL}: Telegram's, or a self-hosted Bot API's. */
  public Telegram(NotificationValidator validator, String api) {
    this.validator = validator;
    String base = api == null || api.isBlank() ? DEFAULT_API : api.strip();
    this.api = base.replaceAll("/+$", "");
  }

  @Override
  public String type() {
    return NotificationChannel.TELEGRAM;
  }

  @Override
  public Post post(NotificationChannel channel, ChatMessage m) throws InvalidNotificationException {
    validator.validateTelegram(channel.botToken(), channel.chatId());
    URI base = validator.validateUrl(api, "telegram api url");
    URI url = URI.create(base + "/bot" + channel.botToken() + "/sendMessage");
    ObjectNode body = ChatAnswers.JSON.createObjectNode();
    body.put("chat_id", channel.chatId()).put("text", html(m)).put("parse_mode", "HTML");
    body.putObject("link_preview_options").put("is_disabled", true);
    return new Post(url, Map.of("Content-Type", "application/json"), ChatAnswers.bytes(body));
  }

  static String html(ChatMessage m) {
    String head = "<b>" + Text.fit(m.title(), 256, Telegram::escape, Text.CHARS) + "</b>\n\n";
    StringBuilder tail = new StringBuilder();
    List<String> links = m.sources().stream().map(Telegram::link).toList();
    String sources = Text.lines(links, "\n", TAIL / 2);
    if (!sources.isEmpty()) {
      tail.append("\n\n<b>Sources</b>\n").append(sources);
    }
    if (m.query() != null && !m.query().isBlank()) {
      tail.append("\n\n<i>Query: ")
          .append(Text.fit(Text.oneLine(m.query()), TAIL / 4, Telegram::escape, Text.CHARS))
          .append("</i>");
    }
    if (m.taskLink() != null) {
      tail.append("\n<a href=\"").append(escape(m.taskLink())).append("\">View task</a>");
    }
    int room = TEXT - head.length() - tail.length();
    return head + Text.fit(m.text(), room, Telegram::escape, Text.CHARS) + tail;
  }

  private static String link(Source s) {
    String label = escape(Text.fit(ChatMessage.label(s), 200));
    if (!Text.isWebUrl(s.url())) {
      return "• " + label;
    }
    return "• <a href=\"" + escape(s.url()) + "\">" + label + "</a>";
  }

  /** The Bot API's HTML escaping: these four, as named entities it supports. */
  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  @Override
  public SendOutcome classify(Answer answer, Instant now) {
    JsonNode body = ChatAnswers.json(answer.body());
    if (answer.status() == 200 && body.path("ok").asBoolean(false)) {
      return SendOutcome.delivered(200);
    }
    int status = answer.status() == 200 ? body.path("error_code").asInt(400) : answer.status();
    Optional<Duration> asked = RetryAfter.header(answer.header("Retry-After"), now);
    JsonNode retryAfter = body.path("parameters").path("retry_after");
    if (retryAfter.isNumber()) {
      asked = RetryAfter.seconds(retryAfter.asDouble());
    }
    return ChatAnswers.classify("Telegram", status, body.path("description").asText(""), asked);
  }
}
