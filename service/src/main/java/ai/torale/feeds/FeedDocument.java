package ai.torale.feeds;

import ai.torale.executions.Execution;
import ai.torale.tasks.Task;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A task and its findings as a {@link Feed}. */
final class FeedDocument {
  /** Titles longer than this are cut at a word: readers show titles on one line. */
  static final int TITLE_LENGTH = 120;

  private FeedDocument() {}

  static Feed of(Task task, List<Execution> findings, Links links, String self) {
    String taskLink = links.task(task.id());
    List<Feed.Entry> entries = findings.stream().map(e -> entry(e, taskLink)).toList();
    // A feed with no entries yet is as new as the task's last edit.
    Instant updated =
        entries.stream()
            .map(Feed.Entry::updated)
            .max(Instant::compareTo)
            .orElse(task.updatedAt() != null ? task.updatedAt() : task.createdAt());
    return new Feed(
        "urn:uuid:" + task.id(),
        task.name(),
        task.conditionDescription(),
        updated,
        taskLink,
        self,
        entries);
  }

  private static Feed.Entry entry(Execution e, String taskLink) {
    Instant at = e.completedAt() != null ? e.completedAt() : e.createdAt();
    JsonNode result = e.result() == null ? null : e.result().tree();
    return new Feed.Entry(
        "urn:uuid:" + e.id(),
        title(e.notification()),
        at,
        at,
        taskLink,
        e.notification(),
        text(result, "answer"),
        sources(
            e.groundingSources() != null ? e.groundingSources().tree() : field(result, "sources")));
  }

  static String title(String notification) {
    String line = notification.strip().replaceAll("\\s+", " ");
    if (line.length() <= TITLE_LENGTH) {
      return line;
    }
    int cut = line.lastIndexOf(' ', TITLE_LENGTH - 1);
    return line.substring(0, cut > TITLE_LENGTH / 2 ? cut : TITLE_LENGTH - 1) + "…";
  }

  /** The {@code [{"url", "title"}]} a check stored; anything else in there is skipped. */
  private static List<Feed.Source> sources(JsonNode list) {
    List<Feed.Source> sources = new ArrayList<>();
    if (list != null && list.isArray()) {
      for (JsonNode source : list) {
        String url = text(source, "url");
        if (url != null && !url.isBlank()) {
          sources.add(new Feed.Source(url, text(source, "title")));
        }
      }
    }
    return sources;
  }

  private static JsonNode field(JsonNode node, String name) {
    return node == null ? null : node.get(name);
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    return value != null && value.isTextual() ? value.textValue() : null;
  }
}
