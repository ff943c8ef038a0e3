package ai.torale.tasks;

import ai.torale.errors.DomainException;
import ai.torale.monitor.TaskState;

/** A state change the task's lifecycle does not allow (e.g. out of completed). */
public final class InvalidStateTransition extends DomainException {
  public InvalidStateTransition(TaskState from, TaskState to) {
    super(Kind.INVALID, "Invalid state transition: " + from.wire() + " -> " + to.wire());
  }
}
