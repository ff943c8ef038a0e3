package ai.torale.feeds;

import ai.torale.auth.ApiKeys;
import ai.torale.tasks.FeedUrls;
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
 * The private feed tokens: {@code ft_} and 43 URL-safe characters (256 random bits), one per task,
 * stored as a SHA-256 digest with a display prefix, like API keys. Writing a new one replaces the
 * row, so the old token stops working with that commit.
 */
public final class FeedTokens implements FeedUrls {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern FORMAT = Pattern.compile("ft_[A-Za-z0-9_-]{43}");
  private static final int PREFIX_LENGTH = 11;

  /** A new token for the task, replacing any earlier one; the token itself is returned once. */
  public String rotate(Handle h, UUID taskId, Instant now) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = "ft_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    h.createUpdate(
            "INSERT INTO feed_tokens (task_id, token_hash, token_prefix, created_at) "
                + "VALUES (:task, :hash, :prefix, :now) ON CONFLICT (task_id) DO UPDATE SET "
                + "token_hash = :hash, token_prefix = :prefix, created_at = :now")
        .bind("task", taskId)
        .bind("hash", ApiKeys.digest(token))
        .bind("prefix", token.substring(0, PREFIX_LENGTH))
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
    return h.createQuery(
            "SELECT EXISTS (SELECT 1 FROM feed_tokens WHERE task_id = :task AND token_hash = :hash)")
        .bind("task", taskId)
        .bind("hash", ApiKeys.digest(token))
        .mapTo(Boolean.class)
        .one();
  }

  /**
   * The owner's {@code feed_url}: the feed's path with the token shown by its prefix, the way API
   * keys are listed (the whole token exists only in the answer that issued it).
   */
  @Override
  public Map<UUID, String> of(Handle h, Collection<UUID> taskIds) {
    return h
        .createQuery("SELECT task_id, token_prefix FROM feed_tokens WHERE task_id = ANY(:ids)")
        .bindArray("ids", UUID.class, taskIds)
        .map((rs, ctx) ->
            Map.entry(
                rs.getObject("task_id", UUID.class),
                FeedPaths.privateFeed(rs.getObject("task_id", UUID.class))
                    + "?token="
                    + rs.getString("token_prefix")
                    + "…"))
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
