package ai.torale.tasks;

import ai.torale.auth.User;
import ai.torale.db.Sql;
import ai.torale.errors.DomainException;
import ai.torale.errors.Page;
import ai.torale.executions.Execution;
import ai.torale.executions.ExecutionDao;
import ai.torale.executions.ExecutionView;
import ai.torale.monitor.CheckAlreadyRunning;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.RunNowRequest;
import ai.torale.monitor.TaskState;
import ai.torale.notify.NotificationChannel;
import ai.torale.quotas.Quotas;
import ai.torale.schedule.SchedulingPolicy;
import ai.torale.temporal.MonitorClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The rules of tasks. Every change that involves the monitor runs the database write and the
 * Temporal call in one transaction: if Temporal cannot be reached the transaction rolls back and
 * the request leaves no trace.
 */
public final class TaskService {
  private final Jdbi jdbi;
  private final MonitorClient monitors;
  private final SchedulingPolicy policy;
  private final Quotas quotas;
  private final FeedUrls feedUrls;
  private final Clock clock;

  public TaskService(
      Jdbi jdbi,
      MonitorClient monitors,
      SchedulingPolicy policy,
      Quotas quotas,
      FeedUrls feedUrls,
      Clock clock) {
    this.jdbi = jdbi;
    this.monitors = monitors;
    this.policy = policy;
    this.quotas = quotas;
    this.feedUrls = feedUrls;
    this.clock = clock;
  }

  public CreatedTaskView create(User owner, NewTask request) {
    Task task = generatingName(request.name() == null, () -> insertAndStart(owner, request));
    String immediateError = null;
    if (request.runImmediately()) {
      try {
        execute(owner, task.id(), false, false);
      } catch (DomainException | CheckAlreadyRunning e) {
        immediateError = e.getMessage();
      }
    }
    // Without a run, the row is exactly what was inserted (and has no feed token yet): no second
    // read.
    TaskView created =
        request.runImmediately() ? view(owner, task.id()) : TaskView.forOwner(task, null, null);
    return new CreatedTaskView(created, immediateError);
  }

  private Task insertAndStart(User owner, NewTask request) {
    return jdbi.inTransaction(h -> {
      quotas.newTask(h, owner.id(), request.state());
      Instant now = clock.instant();
      String name =
          request.name() != null ? request.name() : TaskNames.defaults().firstFree(h, owner.id());
      Task created =
          Task.builder()
              .id(UUID.randomUUID())
              .userId(owner.id())
              .name(name)
              .searchQuery(request.searchQuery())
              .conditionDescription(request.conditionDescription())
              .state(request.state())
              .nextRun(request.state() == TaskState.ACTIVE ? policy.soon() : null)
              .notifications(request.notifications())
              .delivery(request.delivery())
              .stateChangedAt(now)
              .createdAt(now)
              .build();
      insertNamed(h, created);
      monitors.startNew(created.monitored());
      return created;
    });
  }

  /** One page of the owner's tasks, newest first, each with its last execution: one query. */
  public List<TaskView> list(User owner, TaskState state, Page page) {
    return jdbi.withHandle(h -> {
      List<TaskDao.WithLast> found =
          new TaskDao(h)
              .listOwned(
                  owner.id(), state == null ? null : state.wire(), page.limit(), page.offset());
      Map<UUID, String> feeds =
          found.isEmpty()
              ? Map.of()
              : feedUrls.of(h, found.stream().map(t -> t.task().id()).toList());
      return found.stream()
          .map(t -> TaskView.forOwner(t.task(), viewOf(t.last()), feeds.get(t.task().id())))
          .toList();
    });
  }

  /**
   * One page of every user's public tasks, scrubbed as for any non-owner; a list counts no view.
   */
  public List<TaskView> listPublic(PublicSort sort, Page page) {
    return jdbi.withHandle(h -> {
      return new TaskDao(h)
          .listPublic(sort, page.limit(), page.offset()).stream()
              .map(t -> TaskView.forPublic(t.task(), viewOf(t.last())))
              .toList();
    });
  }

  /**
   * Owner: the full task. Public task, anyone else: scrubbed, and counted as a view (once an hour
   * per viewer: the user, or {@code clientAddress} when anonymous). Otherwise 404.
   */
  public TaskView get(Optional<User> viewer, UUID id, String clientAddress) {
    // Reads run outside a transaction (no BEGIN/COMMIT round trips); the one write is a single
    // atomic UPDATE.
    return jdbi.withHandle(h -> {
      TaskDao tasks = new TaskDao(h);
      TaskDao.WithLast found = tasks.findWithLast(id).orElseThrow(TaskNotFound::new);
      Task task = found.task();
      if (viewer.isPresent() && task.ownedBy(viewer.get().id())) {
        return TaskView.forOwner(task, viewOf(found.last()), feedUrl(h, id));
      }
      if (!task.isPublic()) {
        throw new TaskNotFound();
      }
      if (TaskViews.count(h, id, TaskViews.viewer(viewer, clientAddress), clock.instant())) {
        found = tasks.findWithLast(id).orElseThrow(TaskNotFound::new);
      }
      return TaskView.forPublic(found.task(), viewOf(found.last()));
    });
  }

  private TaskView view(User owner, UUID id) {
    return get(Optional.of(owner), id, null);
  }

  public TaskView update(User owner, UUID id, Function<Task, TaskChanges> validate) {
    return jdbi.inTransaction(h -> {
      TaskDao tasks = new TaskDao(h);
      Task current = tasks.lockOwned(id, owner.id()).orElseThrow(TaskNotFound::new);
      TaskChanges changes = validate.apply(current);
      TaskState target = changes.state() == null ? current.state() : changes.state();
      if (!current.state().canMoveTo(target)) {
        throw new InvalidStateTransition(current.state(), target);
      }
      quotas.stateChange(h, owner.id(), current.state(), target);
      Instant now = clock.instant();
      boolean stateChanged = target != current.state();
      boolean questionChanged =
          changed(changes.searchQuery(), current.searchQuery())
              || changed(changes.conditionDescription(), current.conditionDescription());
      Instant nextRun =
          switch (target) {
            case ACTIVE -> stateChanged || questionChanged ? policy.soon() : current.nextRun();
            case PAUSED, COMPLETED -> null;
          };
      Task updated =
          current.toBuilder()
              .name(orElse(changes.name(), current.name()))
              .searchQuery(orElse(changes.searchQuery(), current.searchQuery()))
              .conditionDescription(
                  orElse(changes.conditionDescription(), current.conditionDescription()))
              .state(target)
              .nextRun(nextRun)
              .notifications(
                  changes.notifications() == null
                      ? current.notifications()
                      : changes.notifications())
              .delivery(changes.delivery() == null ? current.delivery() : changes.delivery())
              .stateChangedAt(stateChanged ? now : current.stateChangedAt())
              .updatedAt(now)
              .build();
      if (!updated.name().equals(current.name())
          && tasks.nameTaken(owner.id(), updated.name(), id)) {
        throw new TaskNameTaken(updated.name());
      }
      updateNamed(h, updated);
      if (stateChanged) {
        switch (target) {
          case ACTIVE -> monitors.resume(updated.monitored());
          case PAUSED -> monitors.pause(updated.monitored());
          case COMPLETED -> monitors.complete(id);
        }
      } else if (questionChanged && target == TaskState.ACTIVE) {
        monitors.reschedule(updated.monitored());
      }
      // The row is locked until commit, so this is what the commit stores.
      return TaskView.forOwner(updated, lastExecution(h, updated), feedUrl(h, id));
    });
  }

  public void delete(User owner, UUID id) {
    jdbi.useTransaction(h -> {
      TaskDao tasks = new TaskDao(h);
      tasks.lockOwned(id, owner.id()).orElseThrow(TaskNotFound::new);
      tasks.delete(id);
      monitors.remove(id);
    });
  }

  /**
   * Run now: the pending execution is stored and the monitor asked in one transaction. The task row
   * is only key-share locked: the monitor accepts the run after its current workflow task, which
   * may be recording a check on this row.
   */
  public ExecutionView execute(User owner, UUID id, boolean force, boolean suppressNotifications) {
    UUID executionId = UUID.randomUUID();
    jdbi.useTransaction(h -> {
      Task task = new TaskDao(h).shareOwned(id, owner.id()).orElseThrow(TaskNotFound::new);
      quotas.manualRun(h, owner.id());
      new ExecutionDao(h)
          .insertPending(
              executionId, id, CheckTrigger.MANUAL, clock.instant(), suppressNotifications);
      monitors.runNow(
          task.monitored(), new RunNowRequest(executionId, force, suppressNotifications));
    });
    return jdbi.withHandle(h -> new ExecutionDao(h).find(id, executionId))
        .map(ExecutionView::of)
        .orElseThrow(TaskNotFound::new);
  }

  public boolean setVisibility(User owner, UUID id, boolean isPublic) {
    jdbi.useTransaction(h -> {
      TaskDao tasks = new TaskDao(h);
      tasks.lockOwned(id, owner.id()).orElseThrow(TaskNotFound::new);
      tasks.setPublic(id, isPublic, clock.instant());
    });
    return isPublic;
  }

  /** A paused private copy; another user's notification settings never travel with it. */
  public TaskView fork(User user, UUID sourceId, String requestedName) {
    UUID forkId =
        generatingName(
            requestedName == null,
            () ->
                jdbi.inTransaction(h -> {
                  TaskDao tasks = new TaskDao(h);
                  Task source = tasks.share(sourceId).orElseThrow(TaskNotFound::new);
                  boolean own = source.ownedBy(user.id());
                  if (!own && !source.isPublic()) {
                    throw new TaskNotFound();
                  }
                  quotas.newTask(h, user.id(), TaskState.PAUSED);
                  Instant now = clock.instant();
                  List<NotificationChannel> channels = own ? source.notifications() : List.of();
                  String name =
                      requestedName != null
                          ? requestedName
                          : TaskNames.copiesOf(source.name()).firstFree(h, user.id());
                  Task fork =
                      Task.builder()
                          .id(UUID.randomUUID())
                          .userId(user.id())
                          .name(name)
                          .searchQuery(source.searchQuery())
                          .conditionDescription(source.conditionDescription())
                          .state(TaskState.PAUSED)
                          .forkedFromTaskId(source.id())
                          .notifications(channels)
                          .stateChangedAt(now)
                          .createdAt(now)
                          .build();
                  insertNamed(h, fork);
                  if (!own) {
                    tasks.countSubscriber(source.id());
                  }
                  monitors.startNew(fork.monitored());
                  return fork.id();
                }));
    return view(user, forkId);
  }

  /**
   * Runs {@code write}; when the service chose the name, TaskNameTaken means a writer outside the
   * owner's name lock took it meanwhile, and the next attempt picks the next free name. An explicit
   * name that is taken stays refused.
   */
  private static <T> T generatingName(boolean generated, Supplier<T> write) {
    while (true) {
      try {
        return write.get();
      } catch (TaskNameTaken e) {
        if (!generated) {
          throw e;
        }
      }
    }
  }

  private static void insertNamed(Handle h, Task task) {
    try {
      new TaskDao(h).insert(task);
    } catch (UnableToExecuteStatementException e) {
      throw Sql.uniqueViolation(e) ? new TaskNameTaken(task.name()) : e;
    }
  }

  private static void updateNamed(Handle h, Task task) {
    try {
      new TaskDao(h).update(task);
    } catch (UnableToExecuteStatementException e) {
      throw Sql.uniqueViolation(e) ? new TaskNameTaken(task.name()) : e;
    }
  }

  private String feedUrl(Handle h, UUID id) {
    return feedUrls.of(h, List.of(id)).get(id);
  }

  private static ExecutionView lastExecution(Handle h, Task task) {
    if (task.lastExecutionId() == null) {
      return null;
    }
    return new ExecutionDao(h)
        .find(task.id(), task.lastExecutionId())
        .map(ExecutionView::of)
        .orElse(null);
  }

  private static ExecutionView viewOf(Execution last) {
    return last == null ? null : ExecutionView.of(last);
  }

  private static boolean changed(String requested, String current) {
    return requested != null && !requested.equals(current);
  }

  private static String orElse(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
