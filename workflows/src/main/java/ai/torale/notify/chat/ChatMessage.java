package ai.torale.notify.chat;

import ai.torale.notify.Headlines;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.search.Source;
import java.util.List;

/**
 * What a chat message says, before any platform's format: a one-line title, the lead text, the
 * task's query, up to five sources and a link to the task (null without {@code TORALE_PUBLIC_URL}).
 * {@code event} is null for a test message.
 */
public record ChatMessage(
    NotificationEvent event,
    String title,
    String text,
    String query,
    List<Source> sources,
    String taskLink) {
  static final int MAX_SOURCES = 5;

  public ChatMessage {
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  /**
   * A digest's text stays within this many characters and UTF-8 bytes (a line per finding, then
   * "…and N more"), below every platform's smallest text limit (Slack's 3000-character section,
   * ntfy's 4096 bytes), so no platform cuts it in the middle of a finding.
   */
  static final int DIGEST_TEXT = 2_500;

  /** One finding's line in a digest, at most. */
  static final int DIGEST_LINE = 300;

  /** {@code publicUrl}: the UI's base URL without a trailing slash, or null. */
  public static ChatMessage of(Delivery d, String publicUrl) {
    if (d.event() == NotificationEvent.DIGEST) {
      return digest(d);
    }
    List<Source> sources =
        d.sources() == null
            ? List.of()
            : d.sources().stream().filter(s -> s.url() != null).limit(MAX_SOURCES).toList();
    return new ChatMessage(
        d.event(),
        Headlines.title(d),
        Headlines.lead(d).strip(),
        d.query(),
        sources,
        publicUrl == null ? null : publicUrl + "/tasks/" + d.taskId());
  }

  /** A line per finding ("• Task: condition met — what was found"), as many as fit. */
  private static ChatMessage digest(Delivery d) {
    List<String> lines =
        d.digestItems().stream()
            .map(i -> "• " + Headlines.title(i) + " — " + Text.oneLine(Headlines.lead(i)))
            .map(line -> Text.fit(line, DIGEST_LINE))
            .toList();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String more = "…and " + (lines.size() - i - 1) + " more";
      boolean last = i == lines.size() - 1;
      // Counted in UTF-8 bytes, never fewer than characters: ntfy's limit is in bytes.
      int needed = bytes(text.toString()) + 1 + bytes(lines.get(i)) + (last ? 0 : 1 + bytes(more));
      if (needed > DIGEST_TEXT) {
        text.append("\n…and ").append(lines.size() - i).append(" more");
        break;
      }
      text.append(text.isEmpty() ? "" : "\n").append(lines.get(i));
    }
    return new ChatMessage(d.event(), Headlines.title(d), text.toString(), null, List.of(), null);
  }

  private static int bytes(String s) {
    return Text.UTF8_BYTES.applyAsInt(s);
  }

  /** What {@code POST /api/v1/notifications/test} sends. */
  public static ChatMessage test() {
    return new ChatMessage(
        null,
        "Torale test message",
        "This is a test message from Torale. If you can read it, this channel works.",
        null,
        List.of(),
        null);
  }

  /** The link a click should open: the task, else the first source, else none. */
  String clickUrl() {
    if (taskLink != null) {
      return taskLink;
    }
    return sources.stream().map(Source::url).filter(Text::isWebUrl).findFirst().orElse(null);
  }

  /** A source's link text: its title, else its URL. */
  static String label(Source s) {
    return s.title() == null || s.title().isBlank() ? s.url() : Text.oneLine(s.title());
  }
}
