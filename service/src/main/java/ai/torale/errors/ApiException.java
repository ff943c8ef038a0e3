package ai.torale.errors;

/**
 * An error a resource answers with {@code {"detail": "<message>"}} and the given status (services
 * throw {@link DomainException}s instead). Messages are for the client and carry no secrets or
 * internals.
 */
public class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, detail);
  }
}
