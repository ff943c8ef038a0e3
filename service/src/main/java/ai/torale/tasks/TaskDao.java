package ai.torale.tasks;

import ai.torale.db.Sql;
import ai.torale.digest.TaskDelivery;
import ai.torale.executions.Execution;
import ai.torale.executions.ExecutionMapper;
import ai.torale.notify.NotificationChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.generic.GenericType;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.qualifier.QualifiedType;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.json.Json;

/**
 * The tasks table, on one handle. Fluent queries rather than a SQL-object interface: attaching a
 * SQL object builds an invoker and a config copy for each of its methods, and tasks are read on
 * every API call and check; the bench profile showed that attach as the largest share of a
 * request's database CPU.
 */
public final class TaskDao {
  private static final TaskMapper TASKS = new TaskMapper();
  private static final QualifiedType<List<NotificationChannel>> CHANNELS =
      QualifiedType.of(new GenericType<List<NotificationChannel>>() {}).with(Json.class);

  private static final ExecutionMapper LAST = new ExecutionMapper("last_");

  /**
   * A task with its last execution in one round trip (a read may join another feature's table,
   * architecture.md §6).
   */
  private static final String WITH_LAST =
      "SELECT t.*, "
          + ExecutionMapper.selectList("e", "last_")
          + " FROM tasks t LEFT JOIN executions e ON e.id = t.last_execution_id AND e.task_id = t.id ";

  private static final RowMapper<WithLast> TASKS_WITH_LAST =
      (rs, ctx) -> new WithLast(TASKS.map(rs, ctx), LAST.mapIfAny(rs, ctx));

  /** A task and its last execution, if it has one. */
  public record WithLast(Task task, Execution last) {}

  private static final QualifiedType<TaskDelivery> DELIVERY =
      QualifiedType.of(TaskDelivery.class).with(Json.class);

  private final Handle h;

  /** {@code tasks.delivery}: null for immediate delivery, so only digest tasks carry a setting. */
  private static TaskDelivery stored(TaskDelivery delivery) {
    return delivery == null || !delivery.isDigest() ? null : delivery;
  }

  public TaskDao(Handle h) {
    this.h = h;
  }

  public void insert(Task task) {
    h.createUpdate(
            "INSERT INTO tasks (id, user_id, name, search_query, condition_description, state, next_run, "
                + "is_public, forked_from_task_id, notifications, state_changed_at, created_at, delivery) "
                + "VALUES (:id, :userId, :name, :searchQuery, :conditionDescription, :state, :nextRun, "
                + ":isPublic, :forkedFromTaskId, :channels, :stateChangedAt, :createdAt, :deliveryJson)")
        .bindMethods(task)
        .bindByType("channels", task.notifications(), CHANNELS)
        .bindByType("deliveryJson", stored(task.delivery()), DELIVERY)
        .execute();
  }

  public Optional<Task> find(UUID id) {
    return h.createQuery("SELECT * FROM tasks WHERE id = :id").bind("id", id).map(TASKS).findOne();
  }

  public Optional<WithLast> findWithLast(UUID id) {
    return h.createQuery(WITH_LAST + "WHERE t.id = :id")
        .bind("id", id)
        .map(TASKS_WITH_LAST)
        .findOne();
  }

  /**
   * Locks the row for the rest of the transaction, so concurrent edits of one task apply one after
   * another.
   */
  public Optional<Task> lockOwned(UUID id, UUID userId) {
    return h.createQuery("SELECT * FROM tasks WHERE id = :id AND user_id = :userId FOR UPDATE")
        .bind("id", id)
        .bind("userId", userId)
        .map(TASKS)
        .findOne();
  }

  /**
   * Holds the row against deletion and key changes for the rest of the transaction, but not against
   * the updates a check makes: a manual run's request waits on the monitor, whose check must not
   * wait on it.
   */
  public Optional<Task> shareOwned(UUID id, UUID userId) {
    return h.createQuery("SELECT * FROM tasks WHERE id = :id AND user_id = :userId FOR KEY SHARE")
        .bind("id", id)
        .bind("userId", userId)
        .map(TASKS)
        .findOne();
  }

  /**
   * Any user's task, held against deletion for the rest of the transaction (as {@link
   * #shareOwned}): what a fork copies and points at stays there until the fork commits, and a
   * delete under way is waited for and then finds nothing.
   */
  public Optional<Task> share(UUID id) {
    return h.createQuery("SELECT * FROM tasks WHERE id = :id FOR KEY SHARE")
        .bind("id", id)
        .map(TASKS)
        .findOne();
  }

  public List<WithLast> listOwned(UUID userId, String state, int limit, int offset) {
    return h.createQuery(
            WITH_LAST
                + "WHERE t.user_id = :userId "
                + "AND (CAST(:state AS text) IS NULL OR t.state = :state) "
                + "ORDER BY t.created_at DESC, t.id LIMIT :limit OFFSET :offset")
        .bind("userId", userId)
        .bind("state", state)
        .bind("limit", limit)
        .bind("offset", offset)
        .map(TASKS_WITH_LAST)
        .list();
  }

  /** One page of public tasks, in the given order; the ties break on id, so pages never overlap. */
  public List<WithLast> listPublic(PublicSort sort, int limit, int offset) {
    String order =
        switch (sort) {
          case RECENT -> "t.created_at DESC, t.id";
          case POPULAR -> "t.view_count DESC, t.created_at DESC, t.id";
        };
    return h.createQuery(
            WITH_LAST + "WHERE t.is_public ORDER BY " + order + " LIMIT :limit OFFSET :offset")
        .bind("limit", limit)
        .bind("offset", offset)
        .map(TASKS_WITH_LAST)
        .list();
  }

  /**
   * The owner's names that begin with {@code prefix} (compared as text: no LIKE wildcards to
   * escape).
   */
  public List<String> namesStartingWith(UUID userId, String prefix) {
    return h.createQuery(
            "SELECT name FROM tasks WHERE user_id = :userId AND left(name, :length) = :prefix")
        .bind("userId", userId)
        .bind("length", prefix.codePointCount(0, prefix.length()))
        .bind("prefix", prefix)
        .mapTo(String.class)
        .list();
  }

  /**
   * Serializes the owner's generated names until the transaction ends; other owners are not held
   * up.
   */
  public void lockGeneratedNames(UUID userId) {
    h.createQuery(
            "SELECT 1 FROM pg_advisory_xact_lock(hashtext('task names'), hashtext(CAST(:userId AS text)))")
        .bind("userId", userId)
        .mapTo(Integer.class)
        .one();
  }

  public boolean nameTaken(UUID userId, String name, UUID exceptId) {
    return h.createQuery(
            "SELECT EXISTS (SELECT 1 FROM tasks WHERE user_id = :userId AND name = :name AND id <> :id)")
        .bind("userId", userId)
        .bind("name", name)
        .bind("id", exceptId)
        .mapTo(Boolean.class)
        .one();
  }

  public void update(Task task) {
    h.createUpdate(
            "UPDATE tasks SET name = :name, search_query = :searchQuery, "
                + "condition_description = :conditionDescription, state = :state, next_run = :nextRun, "
                + "notifications = :channels, state_changed_at = :stateChangedAt, updated_at = :updatedAt, "
                + "delivery = :deliveryJson WHERE id = :id")
        .bindMethods(task)
        .bindByType("channels", task.notifications(), CHANNELS)
        .bindByType("deliveryJson", stored(task.delivery()), DELIVERY)
        .execute();
  }

  public void setPublic(UUID id, boolean isPublic, Instant now) {
    h.createUpdate("UPDATE tasks SET is_public = :isPublic, updated_at = :now WHERE id = :id")
        .bind("id", id)
        .bind("isPublic", isPublic)
        .bind("now", now)
        .execute();
  }

  public void countSubscriber(UUID id) {
    h.createUpdate("UPDATE tasks SET subscriber_count = subscriber_count + 1 WHERE id = :id")
        .bind("id", id)
        .execute();
  }

  public void delete(UUID id) {
    h.createUpdate("DELETE FROM tasks WHERE id = :id").bind("id", id).execute();
  }

  /**
   * A default-named task takes {@code name} (its first check's topic). Renames only when the row is
   * free: a run-now request holds it (key-share) while it waits for the monitor, and a rename,
   * which changes a unique key, must not wait for it. A later check renames it then.
   */
  public boolean renameDefault(UUID id, String name) {
    try {
      h.createUpdate(
              "UPDATE tasks SET name = :name WHERE id = "
                  + "(SELECT id FROM tasks WHERE id = :id AND name ~ :pattern FOR UPDATE SKIP LOCKED) "
                  + "AND NOT EXISTS (SELECT 1 FROM tasks o WHERE o.user_id = tasks.user_id AND o.name = :name)")
          .bind("name", name)
          .bind("id", id)
          .bind("pattern", TaskNames.DEFAULT_PATTERN)
          .execute();
      return true;
    } catch (UnableToExecuteStatementException e) {
      if (!Sql.uniqueViolation(e)) {
        throw e;
      }
      // A concurrent rename took the name first; keeping the default is fine. In a transaction,
      // the caller rolls back to a savepoint taken before this statement.
      return false;
    }
  }

  /**
   * Tasks that must have a running monitor, the reconciler's work list after a fresh start, one
   * page at a time: at most {@code limit} in id order after {@code after} (null: from the start).
   */
  public List<Task> unfinished(UUID after, int limit) {
    return h.createQuery(
            "SELECT * FROM tasks WHERE state IN ('active', 'paused') "
                + "AND (CAST(:after AS uuid) IS NULL OR id > CAST(:after AS uuid)) ORDER BY id LIMIT :limit")
        .bind("after", after)
        .bind("limit", limit)
        .map(TASKS)
        .list();
  }

  /**
   * Active tasks whose check should have begun before {@code dueBefore} and has not: their last
   * execution is not running, or has run since before {@code stuckBefore}. A live monitor leaves no
   * such task for long, so these are the tasks whose monitor may be lost. One page at a time, in
   * (next run, id) order after {@code after} (null: from the start), on the partial index {@code
   * tasks_active_next_run}.
   */
  public List<Task> overdue(Instant dueBefore, Instant stuckBefore, Task after, int limit) {
    var query =
        h.createQuery(
                "SELECT t.* FROM tasks t WHERE t.state = 'active' AND t.next_run < :dueBefore "
                    + (after == null ? "" : "AND (t.next_run, t.id) > (:afterRun, :afterId) ")
                    + "AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.id = t.last_execution_id "
                    + "AND e.status = 'running' AND e.started_at >= :stuckBefore) "
                    + "ORDER BY t.next_run, t.id LIMIT :limit")
            .bind("dueBefore", dueBefore)
            .bind("stuckBefore", stuckBefore)
            .bind("limit", limit);
    if (after != null) {
      query.bind("afterRun", after.nextRun()).bind("afterId", after.id());
    }
    return query.map(TASKS).list();
  }
}
