package ai.torale.tasks;

import ai.torale.errors.ApiException;
import ai.torale.notify.NotificationChannel;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import ai.torale.auth.EmailAddresses;
import ai.torale.auth.User;

/**
 * Checks a task's notification configs: at most one email and one webhook; email needs a well-formed address;
 * webhooks need an https URL (http only where configured), POST, and no reserved headers. A webhook keeps its
 * signing secret while its URL stays the same, gets the client's secret if given, else a new random one.
 */
public final class NotificationRules {
  private static final Set<String> RESERVED_HEADERS = Set.of("x-torale-signature", "x-torale-event",
      "x-torale-delivery", "x-torale-timestamp", "user-agent", "content-type", "content-length", "host");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean allowHttp;
  private final BiPredicate<User, String> verified;

  /** {@code verified}: whether the owner may send to an address (their own, or one they verified). */
  public NotificationRules(boolean allowHttp, BiPredicate<User, String> verified) {
    this.allowHttp = allowHttp;
    this.verified = verified;
  }

  public List<NotificationChannel> validate(JsonNode channels, List<NotificationChannel> previous, User owner) {
    if (channels == null) {
      return List.of();
    }
    List<NotificationChannel> result = new ArrayList<>();
    for (JsonNode channel : channels) {
      if (!channel.isObject()) {
        throw ApiException.invalidNotification("each notification must be an object with a type");
      }
      String type = text(channel, "type");
      NotificationChannel valid = switch (type == null ? "" : type) {
        case NotificationChannel.EMAIL -> email(channel, owner);
        case NotificationChannel.WEBHOOK -> webhook(channel, previous);
        default -> throw ApiException.invalidNotification("type must be 'email' or 'webhook'");
      };
      if (result.stream().anyMatch(c -> c.type().equals(valid.type()))) {
        throw ApiException.invalidNotification("at most one " + valid.type() + " notification per task");
      }
      result.add(valid);
    }
    return List.copyOf(result);
  }

  private NotificationChannel email(JsonNode channel, User owner) {
    String address = text(channel, "address");
    if (address == null || address.isBlank()) {
      throw ApiException.invalidNotification("email notification requires an address");
    }
    address = address.strip();
    if (!EmailAddresses.wellFormed(address)) {
      throw ApiException.invalidNotification("malformed email address: " + address);
    }
    if (!verified.test(owner, address)) {
      throw ApiException.invalidNotification("Email address not verified: " + address);
    }
    return NotificationChannel.email(address);
  }

  private NotificationChannel webhook(JsonNode channel, List<NotificationChannel> previous) {
    String url = text(channel, "url");
    if (url == null || url.isBlank()) {
      throw ApiException.invalidNotification("webhook notification requires a url");
    }
    url = url.strip();
    checkUrl(url);
    String method = text(channel, "method");
    if (method != null && !method.equalsIgnoreCase("POST")) {
      throw ApiException.invalidNotification("webhook method must be POST");
    }
    Map<String, String> headers = headers(channel.get("headers"));
    String secret = text(channel, "secret");
    if (secret == null || secret.isBlank()) {
      String sameUrl = url;
      secret = previous == null ? null : previous.stream()
          .filter(p -> p.isWebhook() && sameUrl.equals(p.url()) && p.secret() != null)
          .map(NotificationChannel::secret).findFirst().orElse(null);
    } else if (secret.length() > 256) {
      throw ApiException.invalidNotification("webhook secret must be at most 256 characters");
    }
    return new NotificationChannel(NotificationChannel.WEBHOOK, null, url, "POST", headers,
        secret == null ? newSecret() : secret);
  }

  private void checkUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ApiException.invalidNotification("webhook url is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || allowHttp && scheme.equals("http"))) {
      throw ApiException.invalidNotification("webhook url must be an https URL");
    }
    if (url.length() > 2_000) {
      throw ApiException.invalidNotification("webhook url must be at most 2000 characters");
    }
  }

  private static Map<String, String> headers(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw ApiException.invalidNotification("webhook headers must be an object of strings");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (var it = node.fields(); it.hasNext(); ) {
      var entry = it.next();
      String name = entry.getKey();
      if (!entry.getValue().isTextual() || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")) {
        throw ApiException.invalidNotification("webhook headers must be an object of strings");
      }
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) || name.toLowerCase(Locale.ROOT).startsWith("x-torale-")) {
        throw ApiException.invalidNotification("header " + name + " is reserved");
      }
      headers.put(name, entry.getValue().textValue());
    }
    return headers;
  }

  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + HexFormat.of().formatHex(bytes);
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
