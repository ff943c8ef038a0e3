package ai.torale.tasks;

import ai.torale.notify.NotificationChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.generic.GenericType;
import org.jdbi.v3.core.qualifier.QualifiedType;
import org.jdbi.v3.json.Json;

/**
 * The tasks table, on one handle. Fluent queries rather than a SQL-object interface: attaching a SQL object
 * builds an invoker and a config copy for each of its methods, and tasks are read on every API call and check;
 * the bench profile showed that attach as the largest share of a request's database CPU.
 */
public final class TaskDao {
  private static final TaskMapper TASKS = new TaskMapper();
  private static final QualifiedType<List<NotificationChannel>> CHANNELS =
      QualifiedType.of(new GenericType<List<NotificationChannel>>() {}).with(Json.class);

  private final Handle h;

  public TaskDao(Handle h) {
    this.h = h;
  }

  public void insert(Task task) {
    h.createUpdate("INSERT INTO tasks (id, user_id, name, search_query, condition_description, state, next_run, "
            + "is_public, forked_from_task_id, notifications, state_changed_at, created_at) "
            + "VALUES (:id, :userId, :name, :searchQuery, :conditionDescription, :state, :nextRun, "
            + ":isPublic, :forkedFromTaskId, :channels, :stateChangedAt, :createdAt)")
        .bindMethods(task).bindByType("channels", task.notifications(), CHANNELS).execute();
  }

  public Optional<Task> find(UUID id) {
    return h.createQuery("SELECT * FROM tasks WHERE id = :id").bind("id", id).map(TASKS).findOne();
  }

  /** Locks the row for the rest of the transaction, so concurrent edits of one task apply one after another. */
  public Optional<Task> lockOwned(UUID id, UUID userId) {
    return h.createQuery("SELECT * FROM tasks WHERE id = :id AND user_id = :userId FOR UPDATE")
        .bind("id", id).bind("userId", userId).map(TASKS).findOne();
  }

  /**
   * Holds the row against deletion and key changes for the rest of the transaction, but not against the
   * updates a check makes: a manual run's request waits on the monitor, whose check must not wait on it.
   */
  public Optional<Task> shareOwned(UUID id, UUID userId) {
    return h.createQuery("SELECT * FROM tasks WHERE id = :id AND user_id = :userId FOR KEY SHARE")
        .bind("id", id).bind("userId", userId).map(TASKS).findOne();
  }

  public List<Task> listOwned(UUID userId, String state, int limit, int offset) {
    return h.createQuery("SELECT * FROM tasks WHERE user_id = :userId "
            + "AND (CAST(:state AS text) IS NULL OR state = :state) ORDER BY created_at DESC, id "
            + "LIMIT :limit OFFSET :offset")
        .bind("userId", userId).bind("state", state).bind("limit", limit).bind("offset", offset).map(TASKS).list();
  }

  /** The owner's names that begin with {@code prefix} (compared as text: no LIKE wildcards to escape). */
  public List<String> namesStartingWith(UUID userId, String prefix) {
    return h.createQuery("SELECT name FROM tasks WHERE user_id = :userId AND left(name, :length) = :prefix")
        .bind("userId", userId).bind("length", prefix.codePointCount(0, prefix.length())).bind("prefix", prefix)
        .mapTo(String.class).list();
  }

  /** Serializes the owner's generated names until the transaction ends; other owners are not held up. */
  public void lockGeneratedNames(UUID userId) {
    h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('task names'), hashtext(CAST(:userId AS text)))")
        .bind("userId", userId).mapTo(Integer.class).one();
  }

  public boolean nameTaken(UUID userId, String name, UUID exceptId) {
    return h.createQuery(
            "SELECT EXISTS (SELECT 1 FROM tasks WHERE user_id = :userId AND name = :name AND id <> :id)")
        .bind("userId", userId).bind("name", name).bind("id", exceptId).mapTo(Boolean.class).one();
  }

  public void update(Task task) {
    h.createUpdate("UPDATE tasks SET name = :name, search_query = :searchQuery, "
            + "condition_description = :conditionDescription, state = :state, next_run = :nextRun, "
            + "notifications = :channels, state_changed_at = :stateChangedAt, updated_at = :updatedAt "
            + "WHERE id = :id")
        .bindMethods(task).bindByType("channels", task.notifications(), CHANNELS).execute();
  }

  public void setPublic(UUID id, boolean isPublic, Instant now) {
    h.createUpdate("UPDATE tasks SET is_public = :isPublic, updated_at = :now WHERE id = :id")
        .bind("id", id).bind("isPublic", isPublic).bind("now", now).execute();
  }

  public void countSubscriber(UUID id) {
    h.createUpdate("UPDATE tasks SET subscriber_count = subscriber_count + 1 WHERE id = :id")
        .bind("id", id).execute();
  }

  public void delete(UUID id) {
    h.createUpdate("DELETE FROM tasks WHERE id = :id").bind("id", id).execute();
  }

  /** Tasks that must have a running monitor: the reconciler's work list. */
  public List<Task> unfinished() {
    return h.createQuery("SELECT * FROM tasks WHERE state IN ('active', 'paused') ORDER BY id").map(TASKS).list();
  }
}
