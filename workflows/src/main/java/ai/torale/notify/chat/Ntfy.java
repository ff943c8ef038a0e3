package ai.torale.notify.chat;

import ai.torale.notify.GuardedHttp.Answer;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotificationValidator;
import ai.torale.notify.SendOutcome;
import ai.torale.search.Source;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ntfy (ntfy.sh or a self-hosted server): a JSON publish to the server's root with the topic, a
 * title, emoji tags, a click URL (the task, else the first source) and a plain-text message within
 * ntfy's 4096-byte limit (a longer one would turn into an attachment). JSON rather than {@code
 * Title:} headers because headers cannot carry a non-ASCII title. An access token goes in {@code
 * Authorization: Bearer}. Errors are JSON {@code {"code","http","error"}}.
 */
public final class Ntfy implements ChatPlatform {
  static final int MESSAGE_BYTES = 4096;
  static final int TITLE = 250;

  /** What sources and query may take of the message, so the answer keeps most of it. */
  private static final int TAIL_BYTES = 1500;

  private final NotificationValidator validator;

  public Ntfy(NotificationValidator validator) {
    this.validator = validator;
  }

  @Override
  public String type() {
    return NotificationChannel.NTFY;
  }

  @Override
  public Post post(NotificationChannel channel, ChatMessage m) throws InvalidNotificationException {
    URI topicUrl = validator.validateNtfy(channel.url(), channel.token());
    String path = topicUrl.getRawPath();
    String topic = path.substring(path.lastIndexOf('/') + 1);
    URI root = topicUrl.resolve(path.substring(0, path.lastIndexOf('/') + 1));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (channel.token() != null) {
      headers.put("Authorization", "Bearer " + channel.token());
    }
    return new Post(root, headers, ChatAnswers.bytes(payload(topic, m)));
  }

  static ObjectNode payload(String topic, ChatMessage m) {
    ObjectNode root = ChatAnswers.JSON.createObjectNode().put("topic", topic);
    root.put("title", Text.fit(m.title(), TITLE));
    String tail = tail(m);
    int room = MESSAGE_BYTES - Text.UTF8_BYTES.applyAsInt(tail);
    root.put("message", Text.fit(m.text(), room, s -> s, Text.UTF8_BYTES) + tail);
    root.putArray("tags").add(tag(m.event()));
    if (m.event() == NotificationEvent.FAILING) {
      root.put("priority", 4);
    }
    String click = m.clickUrl();
    if (click != null) {
      root.put("click", click);
    }
    return root;
  }

  /** Sources and query, after the answer; whole lines only. */
  private static String tail(ChatMessage m) {
    StringBuilder tail = new StringBuilder();
    List<String> links = m.sources().stream().map(Ntfy::line).toList();
    String sources = Text.lines(links, "\n", TAIL_BYTES / 2);
    if (!sources.isEmpty()) {
      tail.append("\n\nSources:\n").append(sources);
    }
    if (m.query() != null && !m.query().isBlank()) {
      tail.append("\n\nQuery: ").append(Text.fit(Text.oneLine(m.query()), TAIL_BYTES / 3));
    }
    return tail.toString();
  }

  private static String line(Source s) {
    String label = Text.fit(ChatMessage.label(s), 100);
    return label.equals(s.url()) ? "- " + s.url() : "- " + label + ": " + s.url();
  }

  /** ntfy shows these tags as emoji before the title. */
  static String tag(NotificationEvent event) {
    if (event == null) {
      return "test_tube";
    }
    return switch (event) {
      case CONDITION_MET -> "bell";
      case FAILING -> "warning";
      case RECOVERED -> "white_check_mark";
      case DIGEST -> "newspaper";
    };
  }

  @Override
  public SendOutcome classify(Answer answer, Instant now) {
    String reason = ChatAnswers.json(answer.body()).path("error").asText("");
    return ChatAnswers.classify("ntfy", answer, reason, now);
  }
}
