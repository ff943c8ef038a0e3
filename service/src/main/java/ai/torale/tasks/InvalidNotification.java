package ai.torale.tasks;

import ai.torale.errors.DomainException;

/** A notification channel the rules refuse. */
public final class InvalidNotification extends DomainException {
  public InvalidNotification(String why) {
    super(Kind.INVALID, "Invalid notification: " + why);
  }
}
