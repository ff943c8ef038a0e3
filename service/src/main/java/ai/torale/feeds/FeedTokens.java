package ai.torale.feeds;

import ai.torale.tasks.FeedUrls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The private feed tokens: {@code ft_} and 43 URL-safe characters (256 random bits), one per task.
 * Kept as issued, like a webhook's secret, so the owner's task view can show the working feed URL;
 * writing a new one replaces the row, so the old token stops working with that commit.
 */
public final class FeedTokens implements FeedUrls {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern FORMAT = Pattern.compile("ft_[A-Za-z0-9_-]{43}");

  /** A new token for the task, replacing any earlier one; the token itself is returned once. */
  public String rotate(Handle h, UUID taskId, Instant now) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = "ft_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    h.createUpdate(
            "INSERT INTO feed_tokens (task_id, token, created_at) VALUES (:task, :token, :now) "
                + "ON CONFLICT (task_id) DO UPDATE SET token = :token, created_at = :now")
        .bind("task", taskId)
        .bind("token", token)
        .bind("now", now)
        .execute();
    return token;
  }

  /** The task has no private feed any more; true when it had one. */
  public boolean revoke(Handle h, UUID taskId) {
    return h.createUpdate("DELETE FROM feed_tokens WHERE task_id = :task")
            .bind("task", taskId)
            .execute()
        > 0;
  }

  /** Whether {@code token} is the task's current one. */
  public boolean matches(Handle h, UUID taskId, String token) {
    if (token == null || !FORMAT.matcher(token).matches()) {
      return false;
    }
    return h.createQuery("SELECT token FROM feed_tokens WHERE task_id = :task")
        .bind("task", taskId)
        .mapTo(String.class)
        .findOne()
        // Compared in constant time: the answer must not tell how much of a guess was right.
        .map(current -> MessageDigest.isEqual(bytes(current), bytes(token)))
        .orElse(false);
  }

  /** The owner's {@code feed_url}: the feed's path on this server, with its current token. */
  @Override
  public Map<UUID, String> of(Handle h, Collection<UUID> taskIds) {
    return h
        .createQuery("SELECT task_id, token FROM feed_tokens WHERE task_id = ANY(:ids)")
        .bindArray("ids", UUID.class, taskIds)
        .map((rs, ctx) ->
            Map.entry(
                rs.getObject("task_id", UUID.class),
                FeedPaths.privateFeed(rs.getObject("task_id", UUID.class))
                    + "?token="
                    + rs.getString("token")))
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
