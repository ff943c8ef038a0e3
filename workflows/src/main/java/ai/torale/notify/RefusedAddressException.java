package ai.torale.notify;

/**
 * The SSRF guard refused a webhook host (an address a server must not call); the message says why.
 */
public class RefusedAddressException extends InvalidNotificationException {
  public RefusedAddressException(String message) {
    super(message, "url");
  }
}
