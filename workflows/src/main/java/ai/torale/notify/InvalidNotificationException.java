package ai.torale.notify;

/**
 * A notification channel the service must not store; the message is for the user and the service answers
 * 400 {@code Invalid notification: <message>}. It never quotes a secret or a header value.
 */
public class InvalidNotificationException extends Exception {
  public InvalidNotificationException(String message) {
    super(message);
  }
}
