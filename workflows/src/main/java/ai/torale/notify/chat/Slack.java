package ai.torale.notify.chat;

import ai.torale.notify.GuardedHttp.Answer;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotificationValidator;
import ai.torale.notify.SendOutcome;
import ai.torale.search.Source;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Slack incoming webhooks: a Block Kit message (header, the answer, sources as links, the query, a
 * button to the task) with a plain {@code text} fallback for notifications. Slack answers {@code
 * ok} or an error word ({@code invalid_blocks}, {@code no_service}, {@code channel_is_archived}),
 * and 429 with Retry-After.
 */
public final class Slack implements ChatPlatform {
  /** Block Kit's limits: header text 150, section text 3000, button URL 3000. */
  static final int HEADER = 150;

  static final int SECTION = 3000;
  static final int FALLBACK = 3000;

  private final NotificationValidator validator;

  public Slack(NotificationValidator validator) {
    this.validator = validator;
  }

  @Override
  public String type() {
    return NotificationChannel.SLACK;
  }

  @Override
  public Post post(NotificationChannel channel, ChatMessage m) throws InvalidNotificationException {
    return new Post(
        validator.validateUrl(channel.url(), "slack url"),
        Map.of("Content-Type", "application/json; charset=utf-8"),
        ChatAnswers.bytes(payload(m)));
  }

  static ObjectNode payload(ChatMessage m) {
    ObjectNode root = ChatAnswers.JSON.createObjectNode();
    root.put("text", Text.fit(m.title() + ": " + m.text(), FALLBACK, Slack::escape, Text.CHARS));
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", Text.fit(m.title(), HEADER));
    section(blocks, Text.fit(m.text(), SECTION, Slack::escape, Text.CHARS));
    List<String> links = m.sources().stream().map(Slack::link).toList();
    if (!links.isEmpty()) {
      section(blocks, "*Sources*\n" + Text.lines(links, "\n", SECTION - 12));
    }
    if (m.query() != null && !m.query().isBlank()) {
      blocks
          .addObject()
          .put("type", "context")
          .putArray("elements")
          .addObject()
          .put("type", "mrkdwn")
          .put(
              "text",
              "Query: " + Text.fit(Text.oneLine(m.query()), 2000, Slack::escape, Text.CHARS));
    }
    if (m.taskLink() != null) {
      ObjectNode button =
          blocks.addObject().put("type", "actions").putArray("elements").addObject();
      button.put("type", "button").put("url", m.taskLink());
      button.putObject("text").put("type", "plain_text").put("text", "View task");
    }
    return root;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    if (mrkdwn.isBlank()) {
      return;
    }
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", mrkdwn);
  }

  /** {@code • <url|title>}, or the bare title when the URL is no web link. */
  private static String link(Source s) {
    String label = escape(Text.fit(ChatMessage.label(s), 200));
    if (!Text.isWebUrl(s.url())) {
      return "• " + label;
    }
    // '|' and '>' would end the URL part of Slack's link syntax early.
    String url = escape(s.url().replace("|", "%7C"));
    return "• <" + url + "|" + label + ">";
  }

  /** Slack's mrkdwn escaping: only these three characters are control characters. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public SendOutcome classify(Answer answer, Instant now) {
    return ChatAnswers.classify("Slack", answer, answer.body(), now);
  }
}
