package ai.torale.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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

  private static final Pattern NTFY_TOPIC = Pattern.compile("[-_A-Za-z0-9]{1,64}");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,256}");
  private static final Pattern BOT_TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{20,100}");
  private static final Pattern CHAT_ID =
      Pattern.compile("-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}");

  private final WebhookSettings settings;

  public NotificationValidator(WebhookSettings settings) {
    this.settings = settings;
  }

  /** Refuses a channel that is not a valid channel of its type. */
  public void validate(NotificationChannel channel) throws InvalidNotificationException {
    if (channel == null || channel.type() == null) {
      throw new InvalidNotificationException("type is required", "type");
    }
    switch (channel.type()) {
      case NotificationChannel.EMAIL -> validateEmail(channel.address());
      case NotificationChannel.WEBHOOK ->
          validateWebhook(channel.url(), channel.method(), channel.headers());
      case NotificationChannel.SLACK, NotificationChannel.DISCORD, NotificationChannel.TEAMS ->
          validateUrl(channel.url(), channel.type() + " url");
      case NotificationChannel.NTFY -> validateNtfy(channel.url(), channel.token());
      case NotificationChannel.TELEGRAM -> validateTelegram(channel.botToken(), channel.chatId());
      default ->
          throw new InvalidNotificationException(
              "unknown notification type '" + channel.type() + "'", "type");
    }
  }

  /**
   * An ntfy topic URL ({@code https://ntfy.sh/<topic>}, or a self-hosted server's) and its optional
   * access token; returns the parsed URL.
   */
  public URI validateNtfy(String url, String token) throws InvalidNotificationException {
    URI uri = validateUrl(url, "ntfy url");
    String path = uri.getPath() == null ? "" : uri.getPath();
    String topic = path.substring(path.lastIndexOf('/') + 1);
    if (!NTFY_TOPIC.matcher(topic).matches()) {
      throw new InvalidNotificationException(
          "ntfy url must end in a topic of 1-64 letters, digits, '-' or '_'", "url");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidNotificationException(
          "ntfy url must be the topic URL, without a query or fragment", "url");
    }
    if (token != null && !TOKEN.matcher(token).matches()) {
      // Never quoted back: it is a credential.
      throw new InvalidNotificationException(
          "ntfy token must be 1-256 visible characters without spaces", "token");
    }
    return uri;
  }

  /** A Telegram bot token ({@code 123456:ABC…}) and chat ({@code -100…}, {@code @channel}). */
  public void validateTelegram(String botToken, String chatId) throws InvalidNotificationException {
    if (botToken == null || botToken.isBlank()) {
      throw new InvalidNotificationException("telegram bot_token is required", "bot_token");
    }
    if (!BOT_TOKEN.matcher(botToken).matches()) {
      throw new InvalidNotificationException(
          "telegram bot_token must look like 123456789:AA… as BotFather gives it", "bot_token");
    }
    if (chatId == null || chatId.isBlank()) {
      throw new InvalidNotificationException("telegram chat_id is required", "chat_id");
    }
    if (!CHAT_ID.matcher(chatId).matches()) {
      throw new InvalidNotificationException(
          "telegram chat_id must be a numeric chat id or an @channelusername", "chat_id");
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
    return validateUrl(url, "webhook url");
  }

  /** Checks a URL Torale will POST to; {@code what} names it in messages ("slack url"). */
  public URI validateUrl(String url, String what) throws InvalidNotificationException {
    if (url == null || url.isBlank()) {
      throw new InvalidNotificationException(what + " is required", "url");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new InvalidNotificationException(
          what + " is longer than " + MAX_URL_LENGTH + " characters", "url");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidNotificationException(what + " is not a valid URL", "url");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean schemeAllowed = scheme.equals("https") || scheme.equals("http") && settings.allowHttp();
    if (!schemeAllowed) {
      throw new InvalidNotificationException(
          settings.allowHttp() ? what + " must use http or https" : what + " must use https",
          "url");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new InvalidNotificationException(what + " must name a host", "url");
    }
    if (uri.getRawUserInfo() != null) {
      // Credentials in the URL would be shown and recorded as the delivery target; headers keep
      // them private.
      throw new InvalidNotificationException(
          what
              + " must not contain credentials"
              + (what.startsWith("webhook") ? "; use a header instead" : ""),
          "url");
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
