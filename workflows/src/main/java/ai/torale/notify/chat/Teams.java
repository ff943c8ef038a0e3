package ai.torale.notify.chat;

import ai.torale.notify.GuardedHttp.Answer;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotificationValidator;
import ai.torale.notify.SendOutcome;
import ai.torale.search.Source;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * Microsoft Teams through a Workflows ("Post to a channel when a webhook request is received") URL:
 * a message with one Adaptive Card (1.4: title, the answer, sources, the query as a fact, a button
 * to the task), well under Teams' 28 KB. The flow answers 202; errors are JSON {@code
 * {"error":{"code","message"}}}, rate limits 429 with Retry-After.
 */
public final class Teams implements ChatPlatform {
  static final String CARD = "application/vnd.microsoft.card.adaptive";

  /** Characters of the answer; the rest of the card stays far below the 28 KB message limit. */
  static final int TEXT = 10_000;

  private final NotificationValidator validator;

  public Teams(NotificationValidator validator) {
    this.validator = validator;
  }

  @Override
  public String type() {
    return NotificationChannel.TEAMS;
  }

  @Override
  public Post post(NotificationChannel channel, ChatMessage m) throws InvalidNotificationException {
    return new Post(
        validator.validateUrl(channel.url(), "teams url"),
        Map.of("Content-Type", "application/json"),
        ChatAnswers.bytes(payload(m)));
  }

  static ObjectNode payload(ChatMessage m) {
    ObjectNode root = ChatAnswers.JSON.createObjectNode().put("type", "message");
    ObjectNode attachment = root.putArray("attachments").addObject();
    attachment.put("contentType", CARD).putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
        .put("type", "AdaptiveCard")
        .put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.addObject()
        .put("type", "TextBlock")
        .put("text", Text.fit(m.title(), 300, Teams::escape, Text.CHARS))
        .put("weight", "Bolder")
        .put("size", "Medium")
        .put("wrap", true);
    body.addObject()
        .put("type", "TextBlock")
        .put("text", Text.fit(m.text(), TEXT, Teams::escape, Text.CHARS))
        .put("wrap", true);
    if (!m.sources().isEmpty()) {
      String links = String.join("\n", m.sources().stream().map(Teams::link).toList());
      body.addObject()
          .put("type", "TextBlock")
          .put("text", "**Sources**\n\n" + links)
          .put("wrap", true);
    }
    if (m.query() != null && !m.query().isBlank()) {
      body.addObject()
          .put("type", "FactSet")
          .putArray("facts")
          .addObject()
          .put("title", "Query")
          .put("value", Text.fit(Text.oneLine(m.query()), 2000, Teams::escape, Text.CHARS));
    }
    if (m.taskLink() != null) {
      card.putArray("actions")
          .addObject()
          .put("type", "Action.OpenUrl")
          .put("title", "View task")
          .put("url", m.taskLink());
    }
    return root;
  }

  /** {@code - [title](url)}, or the bare title when the URL is no web link. */
  private static String link(Source s) {
    String label = escape(Text.fit(ChatMessage.label(s), 200)).replace("[", "(").replace("]", ")");
    if (!Text.isWebUrl(s.url())) {
      return "- " + label;
    }
    return "- [" + label + "](" + s.url().replace(")", "%29").replace(" ", "%20") + ")";
  }

  /**
   * Adaptive Cards read a TextBlock's {@code {{…}}} as a date/time function; break the braces so
   * text from the web stays text.
   */
  static String escape(String s) {
    return s.replace("{{", "{\u200B{");
  }

  @Override
  public SendOutcome classify(Answer answer, Instant now) {
    JsonNode error = ChatAnswers.json(answer.body()).path("error");
    String reason =
        error.isObject()
            ? error.path("code").asText("") + " " + error.path("message").asText("")
            : "";
    return ChatAnswers.classify("Teams", answer, reason, now);
  }
}
