package ai.torale.preferences;

import ai.torale.digest.TaskDelivery;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The {@code user_preferences} table, and what a check's record reads to hold its deliveries. */
public final class PreferencesDao {
  private final Handle h;

  public PreferencesDao(Handle h) {
    this.h = h;
  }

  /** The user's preferences; {@link StoredPreferences#NONE} when never set. */
  public StoredPreferences find(UUID userId) {
    return h.createQuery(
            "SELECT quiet_from, quiet_to, quiet_timezone, urgent_failures FROM user_preferences "
                + "WHERE user_id = :user")
        .bind("user", userId)
        .map((rs, ctx) ->
            stored(
                rs.getString("quiet_from"),
                rs.getString("quiet_to"),
                rs.getString("quiet_timezone"),
                rs.getBoolean("urgent_failures")))
        .findOne()
        .orElse(StoredPreferences.NONE);
  }

  public void save(UUID userId, StoredPreferences p, Instant at) {
    StoredPreferences.QuietHoursView q = p.quietHours();
    h.createUpdate(
            "INSERT INTO user_preferences (user_id, quiet_from, quiet_to, quiet_timezone, "
                + "urgent_failures, updated_at) VALUES (:user, :from, :to, :zone, :urgent, :at) "
                + "ON CONFLICT (user_id) DO UPDATE SET quiet_from = :from, quiet_to = :to, "
                + "quiet_timezone = :zone, urgent_failures = :urgent, updated_at = :at")
        .bind("user", userId)
        .bind("from", q == null ? null : q.from())
        .bind("to", q == null ? null : q.to())
        .bind("zone", q == null ? null : q.timezone())
        .bind("urgent", p.urgentFailures())
        .bind("at", at)
        .execute();
  }

  /** What decides whether a task's deliveries wait: its delivery setting and its owner's. */
  public record Holding(TaskDelivery delivery, StoredPreferences owner) {}

  /**
   * The task's delivery setting and its owner's preferences, in one query (it reads the tasks
   * table, which the tasks package writes); empty when the task is gone.
   */
  public Optional<Holding> holdingFor(UUID taskId, ObjectMapper mapper) {
    return h.createQuery(
            "SELECT t.delivery::text AS delivery, p.quiet_from, p.quiet_to, p.quiet_timezone, "
                + "COALESCE(p.urgent_failures, false) AS urgent_failures FROM tasks t "
                + "LEFT JOIN user_preferences p ON p.user_id = t.user_id WHERE t.id = :task")
        .bind("task", taskId)
        .map((rs, ctx) ->
            new Holding(
                delivery(mapper, rs.getString("delivery")),
                stored(
                    rs.getString("quiet_from"),
                    rs.getString("quiet_to"),
                    rs.getString("quiet_timezone"),
                    rs.getBoolean("urgent_failures"))))
        .findOne();
  }

  private static TaskDelivery delivery(ObjectMapper mapper, String json) {
    if (json == null) {
      return TaskDelivery.IMMEDIATELY;
    }
    try {
      return mapper.readValue(json, TaskDelivery.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored delivery setting does not parse", e);
    }
  }

  private static StoredPreferences stored(String from, String to, String zone, boolean urgent) {
    return new StoredPreferences(
        from == null ? null : new StoredPreferences.QuietHoursView(from, to, zone), urgent);
  }
}
