package ai.torale.errors;

/**
 * An error the API answers with {@code {"detail": "<message>"}} and the given status. Messages are for the
 * client and carry no secrets or internals.
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

  public static ApiException notFound(String detail) {
    return new ApiException(404, detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, detail);
  }

  public static ApiException taskNotFound() {
    return notFound("Task not found");
  }

  public static ApiException schedulerUnavailable() {
    return new ApiException(503, "Scheduler unavailable");
  }

  public static ApiException invalidNotification(String why) {
    return badRequest("Invalid notification: " + why);
  }
}
