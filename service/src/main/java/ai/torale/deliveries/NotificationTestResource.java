package ai.torale.deliveries;

import ai.torale.auth.User;
import ai.torale.errors.FieldError;
import ai.torale.errors.Fields;
import ai.torale.errors.JsonBodies;
import ai.torale.errors.ValidationException;
import ai.torale.notify.ChannelTester;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.NotificationChannel;
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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/notifications/test {"channel": {…}}}: one test message through any channel a
 * task may have, checked by the same rules as a task's channels and sent through the same SSRF
 * guard as deliveries. It shares the webhook test's per-minute limit.
 */
@Path("/api/v1/notifications/test")
@Produces(MediaType.APPLICATION_JSON)
public final class NotificationTestResource {
  private final ChannelTester tester;
  private final NotificationRules rules;
  private final Quotas quotas;
  private final ObjectMapper mapper;

  public NotificationTestResource(
      ChannelTester tester, NotificationRules rules, Quotas quotas, ObjectMapper mapper) {
    this.tester = tester;
    this.rules = rules;
    this.quotas = quotas;
    this.mapper = mapper;
  }

  @Timed
  @POST
  public WebhookTester.Result test(@Auth User user, String body) {
    Fields f = Fields.body(JsonBodies.object(mapper, body, false));
    NotificationChannel channel = rules.validateOne(f.node("channel"), user);
    quotas.webhookTest(user.id());
    try {
      return tester.test(channel);
    } catch (InvalidNotificationException e) {
      throw refused(e, "body", "channel");
    }
  }

  /** A test refused before anything was sent: a field error, like any other bad input. */
  static ValidationException refused(InvalidNotificationException e, Object... at) {
    List<Object> loc = new ArrayList<>(List.of(at));
    loc.addAll(e.field());
    return new ValidationException(new FieldError(loc, e.getMessage(), "value_error"));
  }
}
