package ai.torale.deliveries;

import ai.torale.auth.User;
import ai.torale.errors.FieldError;
import ai.torale.errors.Fields;
import ai.torale.errors.JsonBodies;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.WebhookTester;
import ai.torale.quotas.Quotas;
import ai.torale.tasks.NotificationRules;
import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code POST /api/v1/webhooks/test}: sends a signed {@code test} event, with the same SSRF guard
 * as deliveries.
 */
@Path("/api/v1/webhooks/test")
@Produces(MediaType.APPLICATION_JSON)
public final class WebhookTestResource {
  private final WebhookTester tester;
  private final Quotas quotas;
  private final ObjectMapper mapper;

  public WebhookTestResource(WebhookTester tester, Quotas quotas, ObjectMapper mapper) {
    this.tester = tester;
    this.quotas = quotas;
    this.mapper = mapper;
  }

  @Timed
  @POST
  public WebhookTester.Result test(@Auth User user, String body) {
    Fields f = Fields.body(JsonBodies.object(mapper, body, false));
    String url = f.string("url", true, 2_000);
    String secret = f.string("secret", false, NotificationRules.MAX_SECRET);
    if (secret != null
        && secret.codePointCount(0, secret.length()) < NotificationRules.MIN_SECRET) {
      f.add(
          FieldError.of(
              "body",
              "secret",
              "String should have at least " + NotificationRules.MIN_SECRET + " characters",
              "string_too_short"));
    }
    f.check();
    Map<String, String> headers = NotificationRules.headers(f.node("headers"));
    quotas.webhookTest(user.id());
    try {
      return tester.test(url, secret, headers == null ? Map.of() : headers);
    } catch (InvalidNotificationException e) {
      throw NotificationTestResource.refused(e, "body");
    }
  }
}
