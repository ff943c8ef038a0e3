package ai.torale.tasks;

import ai.torale.auth.User;
import ai.torale.errors.ApiException;
import ai.torale.notify.InvalidNotificationException;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotificationValidator;
import ai.torale.notify.WebhookSecrets;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Turns a task's {@code notifications} JSON into checked channels: at most one email and one webhook; each
 * channel valid by {@link NotificationValidator}'s rules; email only to the owner's own or a verified address. A
 * webhook keeps its signing secret while its URL stays the same, takes the client's secret if given, else gets a
 * new random one.
 */
public final class NotificationRules {
  private static final int MAX_SECRET = 256;

  private final NotificationValidator validator;
  private final WebhookSecrets secrets;
  private final BiPredicate<User, String> verified;

  /** {@code verified}: whether the owner may send to an address (their own, or one they verified). */
  public NotificationRules(NotificationValidator validator, WebhookSecrets secrets, BiPredicate<User, String> verified) {
    this.validator = validator;
    this.secrets = secrets;
    this.verified = verified;
  }

  public List<NotificationChannel> validate(JsonNode channels, List<NotificationChannel> previous, User owner) {
    if (channels == null) {
      return List.of();
    }
    List<NotificationChannel> result = new ArrayList<>();
    for (JsonNode json : channels) {
      if (!json.isObject()) {
        throw ApiException.invalidNotification("each notification must be an object with a type");
      }
      NotificationChannel channel = parse(json);
      try {
        validator.validate(channel);
      } catch (InvalidNotificationException e) {
        throw ApiException.invalidNotification(e.getMessage());
      }
      if (result.stream().anyMatch(c -> c.type().equals(channel.type()))) {
        throw ApiException.invalidNotification("at most one " + channel.type() + " notification per task");
      }
      result.add(channel.isWebhook() ? withSecret(channel, previous) : verifiedEmail(channel, owner));
    }
    return List.copyOf(result);
  }

  private NotificationChannel verifiedEmail(NotificationChannel channel, User owner) {
    if (!verified.test(owner, channel.address())) {
      throw ApiException.invalidNotification("Email address not verified: " + channel.address());
    }
    return channel;
  }

  private NotificationChannel withSecret(NotificationChannel channel, List<NotificationChannel> previous) {
    String secret = channel.secret();
    if (secret == null || secret.isBlank()) {
      secret = previous == null ? null : previous.stream()
          .filter(p -> p.isWebhook() && channel.url().equals(p.url()) && p.secret() != null)
          .map(NotificationChannel::secret).findFirst().orElse(null);
    } else if (secret.length() > MAX_SECRET) {
      throw ApiException.invalidNotification("webhook secret must be at most " + MAX_SECRET + " characters");
    }
    return new NotificationChannel(NotificationChannel.WEBHOOK, null, channel.url(), "POST", channel.headers(),
        secret == null ? secrets.generate() : secret);
  }

  private static NotificationChannel parse(JsonNode json) {
    String url = text(json, "url");
    String address = text(json, "address");
    return new NotificationChannel(text(json, "type"), address == null ? null : address.strip(),
        url == null ? null : url.strip(), text(json, "method"), headers(json.get("headers")), text(json, "secret"));
  }

  /** A webhook's custom headers: absent, or an object of strings. */
  public static Map<String, String> headers(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw ApiException.invalidNotification("webhook headers must be an object of strings");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (var it = node.fields(); it.hasNext(); ) {
      var entry = it.next();
      if (!entry.getValue().isTextual()) {
        throw ApiException.invalidNotification("webhook headers must be an object of strings");
      }
      headers.put(entry.getKey(), entry.getValue().textValue());
    }
    return headers;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.invalidNotification(field + " must be a string");
    }
    return value.textValue();
  }
}
