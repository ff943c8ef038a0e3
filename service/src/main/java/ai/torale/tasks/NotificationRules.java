package ai.torale.tasks;

import ai.torale.auth.User;
import ai.torale.errors.FieldError;
import ai.torale.errors.ValidationException;
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
 * Turns a task's {@code notifications} JSON into checked channels: at most one of each type; each
 * channel valid by {@link NotificationValidator}'s rules; email only to the owner's own or a
 * verified address. A webhook keeps its signing secret while its URL stays the same, takes the
 * client's secret if given, else gets a new random one.
 */
public final class NotificationRules {
  /** A client's own webhook secret: 16 characters at least (generated ones are 32 random bytes). */
  public static final int MIN_SECRET = 16;

  public static final int MAX_SECRET = 256;
  private static final List<String> TYPES = NotificationChannel.TYPES;

  private final NotificationValidator validator;
  private final WebhookSecrets secrets;
  private final BiPredicate<User, String> verified;

  /**
   * {@code verified}: whether the owner may send to an address (their own, or one they verified).
   */
  public NotificationRules(
      NotificationValidator validator, WebhookSecrets secrets, BiPredicate<User, String> verified) {
    this.validator = validator;
    this.secrets = secrets;
    this.verified = verified;
  }

  public List<NotificationChannel> validate(
      JsonNode channels, List<NotificationChannel> previous, User owner) {
    if (channels == null) {
      return List.of();
    }
    List<NotificationChannel> result = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      NotificationChannel channel =
          checked(channels.get(i), List.of("body", "notifications", i), previous, owner);
      if (result.stream().anyMatch(c -> c.type().equals(channel.type()))) {
        throw new InvalidNotification("at most one " + channel.type() + " notification per task");
      }
      result.add(channel);
    }
    return List.copyOf(result);
  }

  /**
   * One channel to test ({@code POST /api/v1/notifications/test}), by the same rules as a task's;
   * errors point into {@code body.channel}.
   */
  public NotificationChannel validateOne(JsonNode json, User owner) {
    if (json == null || json.isNull()) {
      throw new ValidationException(
          new FieldError(List.of("body", "channel"), "Field required", "missing"));
    }
    return checked(json, List.of("body", "channel"), List.of(), owner);
  }

  private NotificationChannel checked(
      JsonNode json, List<Object> at, List<NotificationChannel> previous, User owner) {
    if (!json.isObject()) {
      throw new InvalidNotification("each notification must be an object with a type");
    }
    checkFields(json, at);
    NotificationChannel channel = parse(json);
    try {
      validator.validate(channel);
    } catch (InvalidNotificationException e) {
      if (channel.isChat()) {
        // The newer channels answer as the contract's models do: 422 on the field at fault.
        List<Object> loc = new ArrayList<>(at);
        loc.addAll(e.field());
        throw new ValidationException(new FieldError(loc, e.getMessage(), "value_error"));
      }
      throw new InvalidNotification(e.getMessage());
    }
    if (channel.isWebhook()) {
      return withSecret(channel, previous);
    }
    return channel.isEmail() ? verifiedEmail(channel, owner) : channel;
  }

  private NotificationChannel verifiedEmail(NotificationChannel channel, User owner) {
    if (!verified.test(owner, channel.address())) {
      throw new InvalidNotification("Email address not verified: " + channel.address());
    }
    return channel;
  }

  private NotificationChannel withSecret(
      NotificationChannel channel, List<NotificationChannel> previous) {
    String secret = channel.secret();
    if (secret == null || secret.isBlank()) {
      secret =
          previous == null
              ? null
              : previous.stream()
                  .filter(p -> p.isWebhook() && channel.url().equals(p.url()) && p.secret() != null)
                  .map(NotificationChannel::secret)
                  .findFirst()
                  .orElse(null);
    }
    return new NotificationChannel(
        NotificationChannel.WEBHOOK,
        null,
        channel.url(),
        "POST",
        channel.headers(),
        secret == null ? secrets.generate() : secret);
  }

  /**
   * The channel's fields the contract's model types, as 422s with their place: {@code type} is a
   * closed set, and a client's webhook secret must be long enough to resist guessing. Other channel
   * problems are the contract's 400 "Invalid notification".
   */
  private static void checkFields(JsonNode json, List<Object> at) {
    JsonNode type = json.get("type");
    if (type == null || type.isNull()) {
      throw new ValidationException(new FieldError(loc(at, "type"), "Field required", "missing"));
    }
    if (!type.isTextual() || !TYPES.contains(type.textValue())) {
      throw new ValidationException(
          new FieldError(loc(at, "type"), "Input should be " + choices(), "enum"));
    }
    JsonNode secret = json.get("secret");
    if (secret != null && secret.isTextual() && !secret.textValue().isBlank()) {
      int length = secret.textValue().codePointCount(0, secret.textValue().length());
      if (length < MIN_SECRET) {
        throw new ValidationException(
            new FieldError(
                loc(at, "secret"),
                "String should have at least " + MIN_SECRET + " characters",
                "string_too_short"));
      }
      if (length > MAX_SECRET) {
        throw new ValidationException(
            new FieldError(
                loc(at, "secret"),
                "String should have at most " + MAX_SECRET + " characters",
                "string_too_long"));
      }
    }
  }

  /** "'email', 'webhook', … or 'telegram'". */
  private static String choices() {
    List<String> quoted = TYPES.stream().map(t -> "'" + t + "'").toList();
    return String.join(", ", quoted.subList(0, quoted.size() - 1))
        + " or "
        + quoted.get(quoted.size() - 1);
  }

  private static List<Object> loc(List<Object> at, String field) {
    List<Object> loc = new ArrayList<>(at);
    loc.add(field);
    return loc;
  }

  private static NotificationChannel parse(JsonNode json) {
    String url = text(json, "url");
    String address = text(json, "address");
    return new NotificationChannel(
        text(json, "type"),
        address == null ? null : address.strip(),
        url == null ? null : url.strip(),
        text(json, "method"),
        headers(json.get("headers")),
        text(json, "secret"),
        text(json, "token"),
        text(json, "bot_token"),
        chatId(json.get("chat_id")));
  }

  /** Telegram chat ids are numbers, and clients send them as numbers as often as strings. */
  private static String chatId(JsonNode value) {
    return value != null && value.isIntegralNumber() ? value.asText() : textOf(value, "chat_id");
  }

  /** A webhook's custom headers: absent, or an object of strings. */
  public static Map<String, String> headers(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new InvalidNotification("webhook headers must be an object of strings");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (var it = node.fields(); it.hasNext(); ) {
      var entry = it.next();
      if (!entry.getValue().isTextual()) {
        throw new InvalidNotification("webhook headers must be an object of strings");
      }
      headers.put(entry.getKey(), entry.getValue().textValue());
    }
    return headers;
  }

  private static String text(JsonNode node, String field) {
    return textOf(node.get(field), field);
  }

  private static String textOf(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidNotification(field + " must be a string");
    }
    return value.textValue();
  }
}
