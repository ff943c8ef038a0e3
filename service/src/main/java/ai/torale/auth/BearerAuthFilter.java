package ai.torale.auth;

import ai.torale.errors.ErrorBody;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Authorization: Bearer sk_…}. No credentials is 401 {@code Not authenticated}; a key that matches no
 * live key is 401 {@code Invalid API key}. In {@code noauth} mode every request is the local user.
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
    User user = localUser != null ? localUser.get() : fromHeader(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
    request.setSecurityContext(new SecurityContext() {
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

  private User fromHeader(String header) {
    if (header == null || header.isBlank()) {
      throw unauthorized("Not authenticated");
    }
    String[] parts = header.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      throw unauthorized("Not authenticated");
    }
    Optional<User> user = keys.authenticate(parts[1].trim());
    return user.orElseThrow(() -> unauthorized("Invalid API key"));
  }

  private static WebApplicationException unauthorized(String detail) {
    return new WebApplicationException(jakarta.ws.rs.core.Response.fromResponse(ErrorBody.response(401, detail))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
  }
}
