package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.search.Source;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes the email for a task event: what happened (the notification as Markdown, rendered safely),
 * the task's name and query, up to five sources, the next check, and a link to the task when the
 * service has a public URL. A digest is one email with a section per task, each holding that task's
 * findings in the order they were made.
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
    if (d.event() == NotificationEvent.DIGEST) {
      return digest(d);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder html = new StringBuilder();
    finding(d, text, html);
    task(d, text, html);
    return new EmailMessage(d.channel().address(), subject(d), text.toString(), page(html));
  }

  static String subject(Delivery d) {
    return "[Torale] " + Headlines.title(d);
  }

  private EmailMessage digest(Delivery d) {
    Map<UUID, List<Delivery>> byTask = new LinkedHashMap<>();
    for (Delivery item : d.digestItems()) {
      byTask.computeIfAbsent(item.taskId(), t -> new java.util.ArrayList<>()).add(item);
    }
    StringBuilder text = new StringBuilder(Headlines.title(d)).append("\n");
    StringBuilder html = new StringBuilder("<h1>").append(Html.escape(Headlines.title(d)));
    html.append("</h1>\n");
    for (List<Delivery> findings : byTask.values()) {
      Delivery first = findings.get(0);
      String name = Headlines.nonBlank(first.taskName(), "Your task");
      text.append("\n== ").append(name).append(" ==\n\n");
      html.append("<h2>").append(Html.escape(name)).append("</h2>\n");
      for (Delivery item : findings) {
        finding(item, text, html);
      }
      task(findings.get(findings.size() - 1), text, html);
    }
    return new EmailMessage(d.channel().address(), subject(d), text.toString(), page(html));
  }

  /** What one event says: its lead and its sources. */
  private void finding(Delivery d, StringBuilder t, StringBuilder h) {
    String lead = Headlines.lead(d);
    List<Source> sources =
        d.sources() == null ? List.of() : d.sources().stream().limit(MAX_SOURCES).toList();
    t.append(lead.strip()).append("\n\n");
    h.append(markdown.toHtml(lead));
    if (!sources.isEmpty()) {
      t.append("Sources:\n");
      h.append("<p><strong>Sources</strong></p>\n<ul>\n");
      for (Source s : sources) {
        String title = nonNull(s.title(), s.url());
        t.append("- ").append(title).append(": ").append(s.url()).append('\n');
        h.append(
            Html.isWebUrl(s.url())
                ? "<li><a href=\""
                    + Html.escape(s.url())
                    + "\">"
                    + Html.escape(title)
                    + "</a></li>\n"
                : "<li>" + Html.escape(title) + "</li>\n");
      }
      t.append('\n');
      h.append("</ul>\n");
    }
  }

  /** The task the event is about: name, query, next check, link. */
  private void task(Delivery d, StringBuilder t, StringBuilder h) {
    String next = d.nextRun() == null ? "none scheduled" : WHEN.format(d.nextRun());
    Optional<String> link = Optional.ofNullable(publicUrl).map(u -> u + "/tasks/" + d.taskId());
    t.append("Task: ").append(nonNull(d.taskName(), "")).append('\n');
    t.append("Query: ").append(nonNull(d.query(), "")).append('\n');
    t.append("Next check: ").append(next).append('\n');
    link.ifPresent(l -> t.append("View the task: ").append(l).append('\n'));
    h.append("<p><strong>Task:</strong> ").append(Html.escape(d.taskName())).append("<br>\n");
    h.append("<strong>Query:</strong> ").append(Html.escape(d.query())).append("<br>\n");
    h.append("<strong>Next check:</strong> ").append(Html.escape(next)).append("</p>\n");
    link.ifPresent(
        l -> h.append("<p><a href=\"").append(Html.escape(l)).append("\">View the task</a></p>\n"));
  }

  private static String page(StringBuilder body) {
    return "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">\n"
        + body
        + "</body></html>\n";
  }

  private static String nonNull(String s, String fallback) {
    return Headlines.nonBlank(s, fallback);
  }
}
