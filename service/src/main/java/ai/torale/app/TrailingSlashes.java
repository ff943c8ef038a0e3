package ai.torale.app;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriBuilder;

/**
 * {@code /api/v1/tasks/} is {@code /api/v1/tasks}: routes answer with and without a trailing slash,
 * no redirect.
 */
@PreMatching
public final class TrailingSlashes implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getRequestUri().getRawPath();
    if (path.length() > 1 && path.endsWith("/")) {
      String trimmed = path.replaceAll("/+$", "");
      request.setRequestUri(
          UriBuilder.fromUri(request.getUriInfo().getRequestUri())
              .replacePath(trimmed.isEmpty() ? "/" : trimmed)
              .build());
    }
  }
}
