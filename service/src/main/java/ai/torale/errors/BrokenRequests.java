package ai.torale.errors;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;

/**
 * A request whose body could not be read because of how the client sent it: shorter than its
 * Content-Length, broken chunking, a connection closed or stalled midway, gzip that is not gzip, a
 * charset Java does not know, more bytes than the limit. Jersey meets these while it reads the
 * body: the client's mistakes, not the service's.
 */
final class BrokenRequests {
  private BrokenRequests() {}

  /** The 4xx for {@code e}, if it (or a cause) is such a failure. */
  static Optional<Response> response(Throwable e) {
    for (Throwable cause = e;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        // The same words as Jetty's own 413, when the Content-Length alone was too large
        // (JsonErrorPages).
        return Optional.of(
            ErrorBody.response(
                http.getCode(),
                http.getCode() == HttpStatus.PAYLOAD_TOO_LARGE_413
                    ? HttpStatus.getMessage(http.getCode())
                    : "Malformed request body"));
      }
      if (cause instanceof EofException) {
        return Optional.of(ErrorBody.response(400, "Incomplete request body"));
      }
      // Jetty's idle timeout while the body was awaited (the service's own timeouts are handled
      // where they occur).
      if (cause instanceof IOException && cause.getCause() instanceof TimeoutException) {
        return Optional.of(ErrorBody.response(408, "Request body timed out"));
      }
      if (cause instanceof ZipException) {
        return Optional.of(ErrorBody.response(400, "Request body is not valid gzip"));
      }
      if (cause instanceof UnsupportedCharsetException
          || cause instanceof IllegalCharsetNameException) {
        return Optional.of(ErrorBody.response(415, "Unsupported charset"));
      }
    }
    return Optional.empty();
  }
}
