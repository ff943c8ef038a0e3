package ai.torale.feeds;

import java.util.UUID;

/** Where the feeds are, relative to the server's root. */
final class FeedPaths {
  private FeedPaths() {}

  static String privateFeed(UUID taskId) {
    return "/api/v1/tasks/" + taskId + "/feed.atom";
  }

  static String publicFeed(UUID taskId) {
    return "/api/v1/public/tasks/" + taskId + "/feed.atom";
  }

  static String task(UUID taskId) {
    return "/api/v1/tasks/" + taskId;
  }
}
