package ai.torale.quotas;

import ai.torale.errors.ErrorBody;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Jersey prefers this to the general DomainException mapper (the nearer type): the same body, plus Retry-After. */
public final class QuotaExceededMapper implements ExceptionMapper<QuotaExceeded> {
  @Override
  public Response toResponse(QuotaExceeded e) {
    return Response.fromResponse(ErrorBody.response(429, e.getMessage()))
        .header("Retry-After", e.retryAfterSeconds()).build();
  }
}
