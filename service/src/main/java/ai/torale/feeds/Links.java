package ai.torale.feeds;

import java.net.URI;
import java.util.UUID;

/**
 * Absolute links of one request: the API's own base (as the client reached it; behind a proxy, as
 * the connector's forwarded-header setting says), and a UI's base ({@code TORALE_PUBLIC_URL}) if
 * configured, where a person would rather land than on JSON.
 */
record Links(URI apiBase, String uiBase) {
  Links {
    uiBase = uiBase == null || uiBase.isBlank() ? null : uiBase.strip().replaceAll("/+$", "");
  }

  /** The page of a task: the UI's when there is one, else the task's API resource. */
  String task(UUID taskId) {
    return uiBase != null ? uiBase + "/tasks/" + taskId : api(FeedPaths.task(taskId));
  }

  String privateFeed(UUID taskId, String token) {
    return api(FeedPaths.privateFeed(taskId)) + "?token=" + token;
  }

  String publicFeed(UUID taskId) {
    return api(FeedPaths.publicFeed(taskId));
  }

  private String api(String path) {
    return apiBase.resolve(path).toString();
  }
}
