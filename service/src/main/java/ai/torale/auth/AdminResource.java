package ai.torale.auth;

import ai.torale.errors.ApiException;
import ai.torale.errors.Fields;
import ai.torale.errors.JsonBodies;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What only admins may do: create users. */
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
    if (!admin.isAdmin()) {
      throw new ApiException(403, "Admin access required");
    }
    Fields f = Fields.body(JsonBodies.object(mapper, body, false));
    String email = f.email("email", true);
    Boolean isAdmin = f.bool("is_admin", false);
    f.check();
    return accounts.createUser(email, Boolean.TRUE.equals(isAdmin));
  }
}
