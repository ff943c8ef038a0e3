package ai.torale.feeds;

import java.time.Instant;
import java.util.List;

/**
 * One Atom feed, as written: a task's findings, newest first. {@code self} is null where the feed's
 * own URL is a secret (the private feed's token would travel with every copy of the document).
 */
record Feed(
    String id,
    String title,
    String subtitle,
    Instant updated,
    String alternate,
    String self,
    List<Entry> entries) {

  /** One finding: the message the owner was sent, the answer behind it and its sources. */
  record Entry(
      String id,
      String title,
      Instant published,
      Instant updated,
      String link,
      String notification,
      String answer,
      List<Source> sources) {}

  record Source(String url, String title) {}
}
