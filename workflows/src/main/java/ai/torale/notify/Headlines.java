package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;
import java.util.List;

/** What every channel says about an event, in words: its headline and its lead. */
public final class Headlines {
  private Headlines() {}

  /** "iPhone 18 release: condition met", on one line. */
  public static String title(Delivery d) {
    // Line breaks read badly in a subject or a chat title.
    String name =
        d.taskName() == null ? "Your task" : d.taskName().replaceAll("[\\r\\n\\t]+", " ").strip();
    return switch (d.event()) {
      case DIGEST -> digestTitle(d.digestItems());
      case FAILING -> name + " is failing";
      case RECOVERED -> name + " is working again";
      case CONDITION_MET -> name + ": condition met";
    };
  }

  /** The message itself, as Markdown (plain text reads fine as Markdown). */
  public static String lead(Delivery d) {
    return switch (d.event()) {
      case DIGEST ->
          String.join(
              "\n\n",
              d.digestItems().stream().map(i -> "**" + title(i) + "**\n" + lead(i)).toList());
      case FAILING ->
          "This task's checks have failed several times in a row. Last error: "
              + nonBlank(d.errorMessage(), "unknown");
      case RECOVERED ->
          "This task's checks work again. " + nonBlank(d.notification(), nonBlank(d.answer(), ""));
      case CONDITION_MET ->
          nonBlank(d.notification(), nonBlank(d.answer(), "The condition you watch for is met."));
    };
  }

  /** "Torale digest: 3 updates from 2 tasks". */
  static String digestTitle(List<Delivery> items) {
    long tasks = items.stream().map(Delivery::taskId).distinct().count();
    return "Torale digest: "
        + plural(items.size(), "update")
        + " from "
        + plural((int) tasks, "task");
  }

  static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String nonBlank(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }
}
