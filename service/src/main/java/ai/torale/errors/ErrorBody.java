package ai.torale.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The one error format of the API: {@code {"detail": …}}. */
public final class ErrorBody {
  private ErrorBody() {}

  public static Response response(int status, Object detail) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("detail", detail))
        .build();
  }
}
