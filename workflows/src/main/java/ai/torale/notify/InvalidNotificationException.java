package ai.torale.notify;

import java.util.List;

/**
 * A notification channel the service must not store; the message is for the user and the service
 * answers 400 {@code Invalid notification: <message>}. It never quotes a secret or a header value.
 * {@code field} is where in the channel the problem is ({@code ["url"]}, {@code ["headers",
 * "X-Name"]}), empty when nowhere in particular.
 */
public class InvalidNotificationException extends Exception {
  private final List<String> field;

  public InvalidNotificationException(String message, String... field) {
    super(message);
    this.field = List.of(field);
  }

  public List<String> field() {
    return field;
  }
}
