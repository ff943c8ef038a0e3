package ai.torale.errors;

import ai.torale.monitor.CheckAlreadyRunning;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every exception leaves the API as {@code {"detail": …}}; nothing carries a stack trace. */
public final class ErrorMappers {
  private static final Logger log = LoggerFactory.getLogger(ErrorMappers.class);

  private ErrorMappers() {}

  public static List<Object> all() {
    return List.of(
        new Api(),
        new Domain(),
        new Limited(),
        new AlreadyRunning(),
        new Validation(),
        new Json(),
        new Web(),
        new Unexpected());
  }

  static final class Api implements ExceptionMapper<ApiException> {
    @Override
    public Response toResponse(ApiException e) {
      return ErrorBody.response(e.status(), e.getMessage());
    }
  }

  /** The domain's refusals, each kind as one status: the one place that decides it. */
  static final class Domain implements ExceptionMapper<DomainException> {
    @Override
    public Response toResponse(DomainException e) {
      int status =
          switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case LIMITED -> 429;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE -> 503;
          };
      return ErrorBody.response(status, e.getMessage());
    }
  }

  /**
   * Jersey prefers this to Domain for a limit (the nearer type): the same body, plus Retry-After.
   */
  static final class Limited implements ExceptionMapper<LimitReached> {
    @Override
    public Response toResponse(LimitReached e) {
      return Response.fromResponse(ErrorBody.response(429, e.getMessage()))
          .header("Retry-After", e.retryAfterSeconds())
          .build();
    }
  }

  /** The monitor's refusal of a run-now while a check is in flight. */
  static final class AlreadyRunning implements ExceptionMapper<CheckAlreadyRunning> {
    @Override
    public Response toResponse(CheckAlreadyRunning e) {
      return ErrorBody.response(409, e.getMessage());
    }
  }

  static final class Validation implements ExceptionMapper<ValidationException> {
    @Override
    public Response toResponse(ValidationException e) {
      return ErrorBody.response(422, e.errors());
    }
  }

  static final class Json implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
      return ErrorBody.response(422, List.of(JsonBodies.decodeError(e)));
    }
  }

  /**
   * Jersey's own errors: unknown route 404, wrong method 405, unsupported media 415, and the like.
   */
  static final class Web implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response original = e.getResponse();
      int status = original.getStatus();
      if (original.hasEntity()) {
        return original;
      }
      if (status >= 500) {
        log.error("Request failed", e);
        return ErrorBody.response(status, "Internal server error");
      }
      Response.ResponseBuilder error =
          Response.fromResponse(ErrorBody.response(status, reason(original)));
      String allow = original.getHeaderString("Allow");
      return (allow == null ? error : error.header("Allow", allow)).build();
    }

    private static String reason(Response original) {
      String phrase = original.getStatusInfo().getReasonPhrase();
      return phrase == null || phrase.isBlank() ? "Request failed" : phrase;
    }
  }

  static final class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      if (DatabaseOutage.causedBy(e)) {
        log.warn("Database unavailable: {}", e.getMessage());
        return ErrorBody.response(503, "Database unavailable");
      }
      Optional<SQLException> contention = DatabaseOutage.contention(e);
      if (contention.isPresent()) {
        log.warn("Request gave way to another transaction: {}", contention.get().getMessage());
        return ErrorBody.response(503, "Database busy, try again");
      }
      Optional<Response> broken = BrokenRequests.response(e);
      if (broken.isPresent()) {
        log.debug("Request body rejected with {}: {}", broken.get().getStatus(), e.toString());
        return broken.get();
      }
      log.error("Unexpected error", e);
      return ErrorBody.response(500, "Internal server error");
    }
  }
}
