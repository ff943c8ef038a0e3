package ai.torale.notify;

/** The SSRF guard refused a webhook host; the message says why in the user's words. */
public class RefusedAddressException extends Exception {
  public RefusedAddressException(String message) {
    super(message);
  }
}
