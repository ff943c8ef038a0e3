package ai.torale.tasks;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The {@code feed_url} an owner's task view shows, as the feeds feature knows it. An interface here
 * because feeds builds on tasks, not the other way round.
 */
@FunctionalInterface
public interface FeedUrls {
  /** No feeds: every view shows {@code feed_url} null. */
  FeedUrls NONE = (h, ids) -> Map.of();

  /** The shown feed URL of each of these tasks that has a feed token. */
  Map<UUID, String> of(Handle h, Collection<UUID> taskIds);
}
