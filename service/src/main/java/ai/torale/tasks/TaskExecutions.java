package ai.torale.tasks;

import ai.torale.auth.User;
import ai.torale.errors.DomainException;
import ai.torale.errors.Page;
import ai.torale.executions.Execution;
import ai.torale.executions.ExecutionDao;
import ai.torale.executions.ExecutionView;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** A task's checks, newest first, and the ones that notified. Only the task's owner sees them. */
public final class TaskExecutions {
  private final Jdbi jdbi;

  public TaskExecutions(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<ExecutionView> list(User user, UUID taskId, Page page) {
    return page(user, taskId, page, ExecutionDao::list);
  }

  public List<ExecutionView> notified(User user, UUID taskId, Page page) {
    return page(user, taskId, page, ExecutionDao::listNotified);
  }

  public ExecutionView get(User user, UUID taskId, UUID executionId) {
    return jdbi.withHandle(h -> {
      owned(new TaskDao(h), user, taskId);
      return new ExecutionDao(h)
          .find(taskId, executionId)
          .map(ExecutionView::of)
          .orElseThrow(() -> DomainException.notFound("Execution not found"));
    });
  }

  /** One page of the owner's task's executions, as {@code query} selects them. */
  private List<ExecutionView> page(User user, UUID id, Page page, PageQuery query) {
    return jdbi.withHandle(h -> {
      owned(new TaskDao(h), user, id);
      return query.select(new ExecutionDao(h), id, page.limit(), page.offset()).stream()
          .map(ExecutionView::of)
          .toList();
    });
  }

  @FunctionalInterface
  private interface PageQuery {
    List<Execution> select(ExecutionDao dao, UUID taskId, int limit, int offset);
  }

  private static Task owned(TaskDao tasks, User user, UUID id) {
    return tasks.find(id).filter(t -> t.ownedBy(user.id())).orElseThrow(TaskNotFound::new);
  }
}
