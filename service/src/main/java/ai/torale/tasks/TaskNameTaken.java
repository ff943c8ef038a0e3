package ai.torale.tasks;

import ai.torale.errors.DomainException;

/** The owner already has a task of this name. */
public final class TaskNameTaken extends DomainException {
  public TaskNameTaken(String name) {
    super(Kind.CONFLICT, "A task named '" + name + "' already exists");
  }
}
