package ai.torale.tasks;

import ai.torale.auth.User;
import ai.torale.db.Purge;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * A public task's {@code view_count}: each viewer counts at most once per clock hour. A viewer is
 * the signed-in user, or for an anonymous read the client's address (the connection's, which Jetty
 * takes from X-Forwarded-For only when the server is configured to trust forwarded headers). Only a
 * digest is stored.
 */
public final class TaskViews {
  private TaskViews() {}

  /**
   * Who viewed a task in a past hour no longer matters: view_count counts each viewer once in the
   * current one.
   */
  public static Purge pastHours() {
    return (h, now, limit) ->
        h.createUpdate("DELETE FROM task_views WHERE hour < :hour")
            .bind("hour", now.truncatedTo(ChronoUnit.HOURS))
            .execute();
  }

  /**
   * A read of a public task by anyone (the task page, its public feed): counted unless the reader
   * is the owner, once an hour per viewer; reads of one viewer through either route count once.
   */
  public static boolean countRead(
      Handle h, Task task, Optional<User> reader, String clientAddress, Instant now) {
    if (reader.isPresent() && task.ownedBy(reader.get().id())) {
      return false;
    }
    return count(h, task.id(), viewer(reader, clientAddress), now);
  }

  /** Who is reading: the user when signed in, else the client address. */
  static String viewer(Optional<User> user, String clientAddress) {
    return user.map(u -> "user " + u.id()).orElse("address " + clientAddress);
  }

  /**
   * Counts the view unless this viewer was counted in this hour already; one statement, atomic. The
   * task's row is held (key-share) before the view is inserted: a read that found the task may meet
   * its delete, and then counts nothing, where inserting the view outright failed the read on the
   * foreign key.
   */
  static boolean count(Handle h, UUID taskId, String viewer, Instant now) {
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    return h.createUpdate(
                "WITH task AS (SELECT id FROM tasks WHERE id = :id FOR KEY SHARE), "
                    + "seen AS (INSERT INTO task_views (task_id, hour, viewer) "
                    + "SELECT id, :hour, :viewer FROM task ON CONFLICT DO NOTHING RETURNING task_id) "
                    + "UPDATE tasks SET view_count = view_count + 1 WHERE id IN (SELECT task_id FROM seen)")
            .bind("id", taskId)
            .bind("hour", hour)
            .bind("viewer", digest(taskId + " " + hour + " " + viewer))
            .execute()
        > 0;
  }

  private static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
