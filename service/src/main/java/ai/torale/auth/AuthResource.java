package ai.torale.auth;

import ai.torale.errors.Fields;
import ai.torale.errors.JsonBodies;
import ai.torale.quotas.Quotas;
import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The caller's own account: who am I, and my API keys. */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {
  private final Accounts accounts;
  private final Quotas quotas;
  private final ObjectMapper mapper;

  /** What other features add to {@code GET /me} (the preferences), by field name. */
  public interface Profile {
    Map<String, Object> of(UUID userId);
  }

  private final Profile profile;

  public AuthResource(Accounts accounts, Quotas quotas, ObjectMapper mapper) {
    this(accounts, quotas, mapper, user -> Map.of());
  }

  public AuthResource(Accounts accounts, Quotas quotas, ObjectMapper mapper, Profile profile) {
    this.accounts = accounts;
    this.quotas = quotas;
    this.mapper = mapper;
    this.profile = profile;
  }

  @Timed
  @GET
  @Path("/me")
  public Map<String, Object> me(@Auth User user) {
    Map<String, Object> view = new LinkedHashMap<>(mapper.convertValue(user, ME));
    view.putAll(profile.of(user.id()));
    return view;
  }

  private static final TypeReference<Map<String, Object>> ME = new TypeReference<>() {};

  @Timed
  @POST
  @Path("/api-keys")
  public Accounts.IssuedKey create(@Auth User user, String body) {
    String name = keyName(mapper, body, "api key");
    return quotas.newApiKey(user.id(), () -> accounts.issueKey(user, name));
  }

  @Timed
  @GET
  @Path("/api-keys")
  public List<KeyView> list(@Auth User user) {
    return accounts.liveKeys(user).stream().map(KeyView::of).toList();
  }

  @Timed
  @DELETE
  @Path("/api-keys/{key_id}")
  public Response revoke(@Auth User user, @PathParam("key_id") String keyId) {
    accounts.revoke(user, Fields.uuid("key_id", keyId));
    return Response.noContent().build();
  }

  /** The optional {@code name} of a new key in {@code body}, or {@code fallback}. */
  static String keyName(ObjectMapper mapper, String body, String fallback) {
    Fields f = Fields.body(JsonBodies.object(mapper, body, true));
    String name = f.string("name", false, 200);
    f.check();
    return name == null || name.isBlank() ? fallback : name.strip();
  }

  /** A key as listed: its prefix only. */
  public record KeyView(
      UUID id, String name, String keyPrefix, Instant createdAt, Instant lastUsedAt) {
    static KeyView of(ApiKey k) {
      return new KeyView(k.id(), k.name(), k.keyPrefix(), k.createdAt(), k.lastUsedAt());
    }
  }
}
