package ai.torale.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a notification channel before the service stores it (create and update) and again before
 * each delivery, since the operator's settings may have changed in between. Host names are not
 * resolved here: DNS answers change, so {@link AddressGuard} checks them at delivery.
 */
public final class NotificationValidator {
  static final int MAX_URL_LENGTH = 2048;
  static final int MAX_HEADERS = 20;
  static final int MAX_HEADER_VALUE = 1024;

  /**
   * Headers Torale sets itself, or that belong to the HTTP connection, not to the receiver's
   * application.
   */
  private static final Set<String> RESERVED =
      Set.of(
          "user-agent",
          "content-type",
          "content-length",
          "content-encoding",
          "host",
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "expect",
          "proxy-authorization",
          "proxy-connection");

  private static final String RESERVED_PREFIX = "x-torale-";

  private final WebhookSettings settings;

  public NotificationValidator(WebhookSettings settings) {
    this.settings = settings;
  }

  /** Refuses a channel that is not a valid email or webhook channel. */
  public void validate(NotificationChannel channel) throws InvalidNotificationException {
    if (channel == null || channel.type() == null) {
      throw new InvalidNotificationException("type is required", "type");
    }
    if (channel.isEmail()) {
      validateEmail(channel.address());
    } else if (channel.isWebhook()) {
      validateWebhook(channel.url(), channel.method(), channel.headers());
    } else {
      throw new InvalidNotificationException(
          "unknown notification type '" + channel.type() + "'", "type");
    }
  }

  public void validateEmail(String address) throws InvalidNotificationException {
    if (address == null || address.isBlank()) {
      throw new InvalidNotificationException("email address is required", "address");
    }
    try {
      InternetAddress parsed = new InternetAddress(address, true);
      if (parsed.getPersonal() != null || !address.equals(parsed.getAddress())) {
        throw new InvalidNotificationException(
            "email address must be a bare address like name@example.com", "address");
      }
    } catch (AddressException e) {
      throw new InvalidNotificationException("email address is not valid", "address");
    }
  }

  /** Checks a webhook's URL, method and custom headers; returns the parsed URL. */
  public URI validateWebhook(String url, String method, Map<String, String> headers)
      throws InvalidNotificationException {
    if (method != null && !"POST".equalsIgnoreCase(method)) {
      throw new InvalidNotificationException("webhook method must be POST", "method");
    }
    URI uri = validateUrl(url);
    validateHeaders(headers);
    return uri;
  }

  public URI validateUrl(String url) throws InvalidNotificationException {
    if (url == null || url.isBlank()) {
      throw new InvalidNotificationException("webhook url is required", "url");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new InvalidNotificationException(
          "webhook url is longer than " + MAX_URL_LENGTH + " characters", "url");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidNotificationException("webhook url is not a valid URL", "url");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean schemeAllowed = scheme.equals("https") || scheme.equals("http") && settings.allowHttp();
    if (!schemeAllowed) {
      throw new InvalidNotificationException(
          settings.allowHttp()
              ? "webhook url must use http or https"
              : "webhook url must use https",
          "url");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new InvalidNotificationException("webhook url must name a host", "url");
    }
    if (uri.getRawUserInfo() != null) {
      // Credentials in the URL would be shown and recorded as the delivery target; headers keep
      // them private.
      throw new InvalidNotificationException(
          "webhook url must not contain credentials; use a header instead", "url");
    }
    if (!settings.allowPrivate()) {
      AddressGuard.checkLiteral(uri.getHost());
    }
    return uri;
  }

  public void validateHeaders(Map<String, String> headers) throws InvalidNotificationException {
    if (headers == null) {
      return;
    }
    if (headers.size() > MAX_HEADERS) {
      throw new InvalidNotificationException(
          "a webhook may have at most " + MAX_HEADERS + " custom headers", "headers");
    }
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (name == null || !isToken(name)) {
        throw new InvalidNotificationException(
            "webhook header name '" + printable(name) + "' is not valid", "headers");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (RESERVED.contains(lower) || lower.startsWith(RESERVED_PREFIX)) {
        throw new InvalidNotificationException(
            "webhook header '" + name + "' is reserved", "headers", name);
      }
      String value = header.getValue();
      // The value is never quoted back: custom headers often carry tokens.
      if (value == null || value.length() > MAX_HEADER_VALUE || !isFieldValue(value)) {
        throw new InvalidNotificationException(
            "webhook header '" + name + "' has an invalid value", "headers", name);
      }
    }
  }

  /** RFC 9110 token characters. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (char c : s.toCharArray()) {
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Visible ASCII, space and tab: no CR/LF, so a value cannot smuggle in another header. */
  private static boolean isFieldValue(String s) {
    for (char c : s.toCharArray()) {
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return false;
      }
    }
    return true;
  }

  private static String printable(String s) {
    return s == null ? "" : s.replaceAll("[^\\x21-\\x7e]", "?");
  }
}
