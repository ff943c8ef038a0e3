package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.search.Source;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Writes the email for a task event: what happened (the notification as Markdown, rendered safely),
 * the task's name and query, up to five sources, the next check, and a link to the task when the
 * service has a public URL.
 */
public final class EmailComposer {
  static final int MAX_SOURCES = 5;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final String publicUrl;
  private final MarkdownRenderer markdown = new MarkdownRenderer();

  /** {@code publicUrl} is {@code TORALE_PUBLIC_URL}; null or blank leaves the link out. */
  public EmailComposer(String publicUrl) {
    this.publicUrl =
        publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip().replaceAll("/+$", "");
  }

  public EmailMessage compose(Delivery d) {
    String lead = Headlines.lead(d);
    List<Source> sources =
        d.sources() == null ? List.of() : d.sources().stream().limit(MAX_SOURCES).toList();
    String next = d.nextRun() == null ? "none scheduled" : WHEN.format(d.nextRun());
    Optional<String> link = Optional.ofNullable(publicUrl).map(u -> u + "/tasks/" + d.taskId());
    return new EmailMessage(
        d.channel().address(),
        subject(d),
        text(d, lead, sources, next, link),
        html(d, lead, sources, next, link));
  }

  static String subject(Delivery d) {
    return "[Torale] " + Headlines.title(d);
  }

  private static String text(
      Delivery d, String lead, List<Source> sources, String next, Optional<String> link) {
    StringBuilder t = new StringBuilder(lead.strip()).append("\n\n");
    t.append("Task: ").append(nonNull(d.taskName(), "")).append('\n');
    t.append("Query: ").append(nonNull(d.query(), "")).append('\n');
    if (!sources.isEmpty()) {
      t.append("\nSources:\n");
      for (Source s : sources) {
        t.append("- ")
            .append(nonNull(s.title(), s.url()))
            .append(": ")
            .append(s.url())
            .append('\n');
      }
    }
    t.append("\nNext check: ").append(next).append('\n');
    link.ifPresent(l -> t.append("View the task: ").append(l).append('\n'));
    return t.toString();
  }

  private String html(
      Delivery d, String lead, List<Source> sources, String next, Optional<String> link) {
    StringBuilder h =
        new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">\n");
    h.append(markdown.toHtml(lead));
    h.append("<p><strong>Task:</strong> ").append(Html.escape(d.taskName())).append("<br>\n");
    h.append("<strong>Query:</strong> ").append(Html.escape(d.query())).append("</p>\n");
    if (!sources.isEmpty()) {
      h.append("<p><strong>Sources</strong></p>\n<ul>\n");
      for (Source s : sources) {
        String title = Html.escape(nonNull(s.title(), s.url()));
        h.append(
            Html.isWebUrl(s.url())
                ? "<li><a href=\"" + Html.escape(s.url()) + "\">" + title + "</a></li>\n"
                : "<li>" + title + "</li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("<p><strong>Next check:</strong> ").append(Html.escape(next)).append("</p>\n");
    link.ifPresent(
        l -> h.append("<p><a href=\"").append(Html.escape(l)).append("\">View the task</a></p>\n"));
    return h.append("</body></html>\n").toString();
  }

  private static String nonNull(String s, String fallback) {
    return Headlines.nonBlank(s, fallback);
  }
}
