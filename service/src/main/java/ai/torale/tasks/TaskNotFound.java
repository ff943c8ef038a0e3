package ai.torale.tasks;

import ai.torale.errors.DomainException;

/** No such task, or not one the caller may see: the two are told apart by no one. */
public final class TaskNotFound extends DomainException {
  public TaskNotFound() {
    super(Kind.NOT_FOUND, "Task not found");
  }
}
