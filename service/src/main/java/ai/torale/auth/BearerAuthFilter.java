package ai.torale.auth;

import ai.torale.errors.ErrorBody;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Authorization: Bearer sk_…}. No credentials is 401 {@code Not authenticated}; a key that
 * matches no live key is 401 {@code Invalid API key}, also on routes that serve anonymous callers
 * (a revoked key must not quietly read as "nobody"). In {@code noauth} mode every request is the
 * local user.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerAuthFilter extends AuthFilter<String, User> {
  private final ApiKeyAuthenticator keys;
  private final Supplier<User> localUser;

  private BearerAuthFilter(ApiKeyAuthenticator keys, Supplier<User> localUser) {
    this.keys = keys;
    this.localUser = localUser;
  }

  public static BearerAuthFilter apiKeys(ApiKeyAuthenticator keys) {
    return new BearerAuthFilter(keys, null);
  }

  public static BearerAuthFilter noAuth(Supplier<User> localUser) {
    return new BearerAuthFilter(null, localUser);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (localUser != null) {
      authenticate(request, localUser.get());
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      // Thrown: a route whose caller is optional (a public task) catches it and goes on without a
      // user.
      throw new WebApplicationException(unauthorized("Not authenticated"));
    }
    Optional<String> key = bearerKey(header);
    Optional<User> user = key.flatMap(keys::authenticate);
    if (user.isEmpty()) {
      // Aborted, not thrown, so no route can catch it: credentials presented and wrong are 401
      // everywhere.
      request.abortWith(unauthorized(key.isPresent() ? "Invalid API key" : "Not authenticated"));
      return;
    }
    authenticate(request, user.get());
  }

  private static void authenticate(ContainerRequestContext request, User user) {
    boolean secure =
        request.getSecurityContext() != null && request.getSecurityContext().isSecure();
    request.setSecurityContext(
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return user;
          }

          @Override
          public boolean isUserInRole(String role) {
            return "admin".equals(role) && user.isAdmin();
          }

          @Override
          public boolean isSecure() {
            return secure;
          }

          @Override
          public String getAuthenticationScheme() {
            return "Bearer";
          }
        });
  }

  /** The key of a {@code Bearer} header; empty for any other scheme. */
  private static Optional<String> bearerKey(String header) {
    String[] parts = header.trim().split("\\s+", 2);
    return parts.length == 2 && parts[0].equalsIgnoreCase("Bearer")
        ? Optional.of(parts[1].trim())
        : Optional.empty();
  }

  private static Response unauthorized(String detail) {
    return Response.fromResponse(ErrorBody.response(401, detail))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }
}
