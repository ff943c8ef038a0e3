package ai.torale.notify.chat;

import ai.torale.notify.GuardedHttp.Answer;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotificationValidator;
import ai.torale.notify.SendOutcome;
import ai.torale.search.Source;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Discord webhooks: one embed within Discord's limits (title 256, description 4096, field value
 * 1024, 6000 in all) and no pings, whatever the answer says ({@code allowed_mentions} empty).
 * Discord answers 204, or JSON {@code {"message","code"}}; a rate limit is 429 with {@code
 * retry_after} in seconds (fractional) and a Retry-After header.
 */
public final class Discord implements ChatPlatform {
  static final int TITLE = 256;
  static final int DESCRIPTION = 4096;
  static final int FIELD_VALUE = 1024;
  static final int TOTAL = 6000;

  private static final String SOURCES = "Sources";
  private static final String QUERY = "Query";

  private final NotificationValidator validator;

  public Discord(NotificationValidator validator) {
    this.validator = validator;
  }

  @Override
  public String type() {
    return NotificationChannel.DISCORD;
  }

  @Override
  public Post post(NotificationChannel channel, ChatMessage m) throws InvalidNotificationException {
    return new Post(
        validator.validateUrl(channel.url(), "discord url"),
        Map.of("Content-Type", "application/json"),
        ChatAnswers.bytes(payload(m)));
  }

  static ObjectNode payload(ChatMessage m) {
    ObjectNode root = ChatAnswers.JSON.createObjectNode();
    root.putObject("allowed_mentions").putArray("parse");
    ObjectNode embed = root.putArray("embeds").addObject();
    String title = Text.fit(m.title(), TITLE);
    embed.put("title", title);
    if (m.taskLink() != null) {
      embed.put("url", m.taskLink());
    }
    embed.put("color", color(m.event()));
    int used = title.length();
    var fields = embed.putArray("fields");
    String sources =
        Text.lines(m.sources().stream().map(Discord::link).toList(), "\n", FIELD_VALUE);
    if (!sources.isEmpty()) {
      fields.addObject().put("name", SOURCES).put("value", sources);
      used += SOURCES.length() + sources.length();
    }
    if (m.query() != null && !m.query().isBlank()) {
      String query = Text.fit(Text.oneLine(m.query()), FIELD_VALUE);
      fields.addObject().put("name", QUERY).put("value", query);
      used += QUERY.length() + query.length();
    }
    embed.put("description", Text.fit(m.text(), Math.min(DESCRIPTION, TOTAL - used)));
    return root;
  }

  /** {@code [title](url)} with the title's brackets escaped, or the bare title. */
  private static String link(Source s) {
    String label = escape(Text.fit(ChatMessage.label(s), 200));
    if (!Text.isWebUrl(s.url())) {
      return "• " + label;
    }
    String url = s.url().replace("(", "%28").replace(")", "%29").replace(" ", "%20");
    return "• [" + label + "](" + url + ")";
  }

  /** Markdown's characters, backslash-escaped, so a title stays literal text. */
  static String escape(String s) {
    return s.replaceAll("([\\\\*_~`|\\[\\]()>#])", "\\\\$1");
  }

  private static int color(NotificationEvent event) {
    if (event == null) {
      return 0x5865F2;
    }
    return switch (event) {
      case CONDITION_MET -> 0x2EB67D;
      case FAILING -> 0xE01E5A;
      case RECOVERED -> 0x36C5F0;
      case DIGEST -> 0x5865F2;
    };
  }

  @Override
  public SendOutcome classify(Answer answer, Instant now) {
    JsonNode body = ChatAnswers.json(answer.body());
    Optional<Duration> asked = RetryAfter.header(answer.header("Retry-After"), now);
    if (body.path("retry_after").isNumber()) {
      asked = RetryAfter.seconds(body.path("retry_after").asDouble());
    }
    String reason = body.path("message").asText("");
    return ChatAnswers.classify("Discord", answer.status(), reason, asked);
  }
}
