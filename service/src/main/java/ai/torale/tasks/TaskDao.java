package ai.torale.tasks;

import ai.torale.notify.NotificationChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.json.Json;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(TaskMapper.class)
public interface TaskDao {

  @SqlUpdate("INSERT INTO tasks (id, user_id, name, search_query, condition_description, state, next_run, "
      + "is_public, forked_from_task_id, notifications, state_changed_at, created_at) "
      + "VALUES (:id, :userId, :name, :searchQuery, :conditionDescription, :state, :nextRun, "
      + ":isPublic, :forkedFromTaskId, :channels, :stateChangedAt, :createdAt)")
  void insert(@BindMethods Task task, @Bind("channels") @Json List<NotificationChannel> notifications);

  @SqlQuery("SELECT * FROM tasks WHERE id = :id")
  Optional<Task> find(@Bind("id") UUID id);

  /** Locks the row for the rest of the transaction, so concurrent edits of one task apply one after another. */
  @SqlQuery("SELECT * FROM tasks WHERE id = :id AND user_id = :userId FOR UPDATE")
  Optional<Task> lockOwned(@Bind("id") UUID id, @Bind("userId") UUID userId);

  @SqlQuery("SELECT * FROM tasks WHERE user_id = :userId AND (CAST(:state AS text) IS NULL OR state = :state) "
      + "ORDER BY created_at DESC, id")
  List<Task> listOwned(@Bind("userId") UUID userId, @Bind("state") String state);

  @SqlQuery("SELECT name FROM tasks WHERE user_id = :userId AND (name = :base OR name LIKE :likePattern)")
  List<String> namesLike(@Bind("userId") UUID userId, @Bind("base") String base,
      @Bind("likePattern") String likePattern);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM tasks WHERE user_id = :userId AND name = :name AND id <> :id)")
  boolean nameTaken(@Bind("userId") UUID userId, @Bind("name") String name, @Bind("id") UUID exceptId);

  @SqlUpdate("UPDATE tasks SET name = :name, search_query = :searchQuery, "
      + "condition_description = :conditionDescription, state = :state, next_run = :nextRun, "
      + "notifications = :channels, state_changed_at = :stateChangedAt, updated_at = :updatedAt "
      + "WHERE id = :id")
  void update(@BindMethods Task task, @Bind("channels") @Json List<NotificationChannel> notifications);

  @SqlUpdate("UPDATE tasks SET is_public = :isPublic, updated_at = :now WHERE id = :id")
  void setPublic(@Bind("id") UUID id, @Bind("isPublic") boolean isPublic, @Bind("now") Instant now);

  @SqlUpdate("UPDATE tasks SET view_count = view_count + 1 WHERE id = :id")
  void countView(@Bind("id") UUID id);

  @SqlUpdate("UPDATE tasks SET subscriber_count = subscriber_count + 1 WHERE id = :id")
  void countSubscriber(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM tasks WHERE id = :id")
  void delete(@Bind("id") UUID id);

  /** Tasks that must have a running monitor: the reconciler's work list. */
  @SqlQuery("SELECT * FROM tasks WHERE state IN ('active', 'paused') ORDER BY id")
  List<Task> unfinished();
}
