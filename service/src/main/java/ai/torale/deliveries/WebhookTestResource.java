package ai.torale.deliveries;

import ai.torale.auth.User;
import ai.torale.errors.ApiException;
import ai.torale.errors.Fields;
import ai.torale.errors.JsonBodies;
import ai.torale.notify.WebhookTester;
import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/v1/webhooks/test}: sends a signed {@code test} event, with the same SSRF guard as deliveries. */
@Path("/api/v1/webhooks/test")
@Produces(MediaType.APPLICATION_JSON)
public final class WebhookTestResource {
  private final WebhookTester tester;
  private final ObjectMapper mapper;

  public WebhookTestResource(WebhookTester tester, ObjectMapper mapper) {
    this.tester = tester;
    this.mapper = mapper;
  }

  @Timed
  @POST
  public WebhookTester.Result test(@Auth User user, String body) {
    Fields f = Fields.body(JsonBodies.object(mapper, body, false));
    String url = f.string("url", true, 2_000);
    String secret = f.string("secret", false, 256);
    JsonNode headersNode = f.has("headers") && !f.node("headers").isNull() ? f.node("headers") : null;
    f.check();
    return tester.test(url, secret, headers(headersNode));
  }

  private static Map<String, String> headers(JsonNode node) {
    if (node == null) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw ApiException.invalidNotification("webhook headers must be an object of strings");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw ApiException.invalidNotification("webhook headers must be an object of strings");
      }
      headers.put(e.getKey(), e.getValue().textValue());
    });
    return headers;
  }
}
