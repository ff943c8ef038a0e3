package ai.torale.temporal;

import ai.torale.errors.DomainException;

/**
 * Temporal did not answer in time; a caller inside a transaction rolls back, so the two never drift
 * apart.
 */
public final class SchedulerUnavailable extends DomainException {
  public SchedulerUnavailable() {
    super(Kind.UNAVAILABLE, "Scheduler unavailable");
  }
}
