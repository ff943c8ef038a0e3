package ai.torale.auth;

import ai.torale.errors.ApiException;
import ai.torale.errors.Fields;
import ai.torale.errors.JsonBodies;
import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** What only admins may do: create users, and issue a key for a user. */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminResource {
  private final Accounts accounts;
  private final ObjectMapper mapper;

  public AdminResource(Accounts accounts, ObjectMapper mapper) {
    this.accounts = accounts;
    this.mapper = mapper;
  }

  @Timed
  @POST
  @Path("/users")
  public Accounts.IssuedUser createUser(@Auth User admin, String body) {
    requireAdmin(admin);
    Fields f = Fields.body(JsonBodies.object(mapper, body, false));
    String email = f.email("email", true);
    Boolean isAdmin = f.bool("is_admin", false);
    f.check();
    return accounts.createUser(email, Boolean.TRUE.equals(isAdmin));
  }

  /** A new key for an existing user, shown once like a new user's first key. */
  @Timed
  @POST
  @Path("/users/{user_id}/api-keys")
  public Accounts.IssuedUser issueKey(
      @Auth User admin, @PathParam("user_id") String userId, String body) {
    requireAdmin(admin);
    UUID id = Fields.uuid("user_id", userId);
    return accounts.issueKeyFor(id, AuthResource.keyName(mapper, body, "issued by an admin"));
  }

  private static void requireAdmin(User caller) {
    if (!caller.isAdmin()) {
      throw new ApiException(403, "Admin access required");
    }
  }
}
