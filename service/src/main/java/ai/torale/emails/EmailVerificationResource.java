package ai.torale.emails;

import ai.torale.auth.User;
import ai.torale.errors.ApiException;
import ai.torale.errors.Fields;
import ai.torale.errors.JsonBodies;
import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/email-verification}: prove you own an address before tasks email it. */
@Path("/api/v1/email-verification")
@Produces(MediaType.APPLICATION_JSON)
public final class EmailVerificationResource {
  private final EmailVerification verification;
  private final ObjectMapper mapper;

  public EmailVerificationResource(EmailVerification verification, ObjectMapper mapper) {
    this.verification = verification;
    this.mapper = mapper;
  }

  @Timed
  @POST
  @Path("/send")
  public Map<String, String> send(@Auth User user, String body) {
    Fields f = Fields.body(JsonBodies.object(mapper, body, false));
    String email = f.email("email", true);
    f.check();
    return Map.of("message", verification.send(user, email));
  }

  @Timed
  @POST
  @Path("/verify")
  public Map<String, Object> verify(@Auth User user, String body) {
    Fields f = Fields.body(JsonBodies.object(mapper, body, false));
    String email = f.email("email", true);
    String code = f.string("code", true, 20);
    f.check();
    if (!verification.verify(user, email, code)) {
      throw ApiException.badRequest("Invalid or expired code");
    }
    return Map.of("email", EmailVerification.normalize(email), "verified", true);
  }

  @Timed
  @GET
  @Path("/verified-emails")
  public List<String> verified(@Auth User user) {
    return verification.verified(user);
  }
}
