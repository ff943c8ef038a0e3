package ai.torale.preferences;

import ai.torale.auth.User;
import ai.torale.errors.JsonBodies;
import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The caller's delivery preferences: quiet hours and urgent failures. {@code GET /api/v1/auth/me}
 * shows them too.
 */
@Path("/api/v1/auth/me/preferences")
@Produces(MediaType.APPLICATION_JSON)
public final class PreferencesResource {
  private final Jdbi jdbi;
  private final ObjectMapper mapper;
  private final Clock clock;

  public PreferencesResource(Jdbi jdbi, ObjectMapper mapper, Clock clock) {
    this.jdbi = jdbi;
    this.mapper = mapper;
    this.clock = clock;
  }

  @Timed
  @GET
  public StoredPreferences get(@Auth User user) {
    return jdbi.withHandle(h -> new PreferencesDao(h).find(user.id()));
  }

  @Timed
  @PUT
  public StoredPreferences put(@Auth User user, String body) {
    return jdbi.inTransaction(h -> {
      PreferencesDao dao = new PreferencesDao(h);
      StoredPreferences changed =
          PreferenceRequests.apply(JsonBodies.object(mapper, body, false), dao.find(user.id()));
      dao.save(user.id(), changed, clock.instant());
      return changed;
    });
  }
}
