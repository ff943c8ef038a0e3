package ai.torale.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One notification channel of a task, in the shape the REST contract uses: {@code
 * {"type":"email","address":…}}, {@code
 * {"type":"webhook","url":…,"method":"POST","headers":{…},"secret":…}}, a chat webhook {@code
 * {"type":"slack"|"discord"|"teams","url":…}}, {@code {"type":"ntfy","url":…,"token":…}} or {@code
 * {"type":"telegram","bot_token":…,"chat_id":…}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NotificationChannel(
    String type,
    String address,
    String url,
    String method,
    Map<String, String> headers,
    String secret,
    String token,
    @JsonProperty("bot_token") String botToken,
    @JsonProperty("chat_id") String chatId) {

  public static final String EMAIL = "email";
  public static final String WEBHOOK = "webhook";
  public static final String SLACK = "slack";
  public static final String DISCORD = "discord";
  public static final String TEAMS = "teams";
  public static final String NTFY = "ntfy";
  public static final String TELEGRAM = "telegram";

  /** The chat and push channels, whose URL or token is the credential. */
  public static final List<String> CHAT_TYPES = List.of(SLACK, DISCORD, TEAMS, NTFY, TELEGRAM);

  /** Every type a task may name, in the order the contract lists them. */
  public static final List<String> TYPES =
      List.of(EMAIL, WEBHOOK, SLACK, DISCORD, TEAMS, NTFY, TELEGRAM);

  public NotificationChannel {
    headers = headers == null ? null : Map.copyOf(headers);
  }

  /** An email or webhook channel (no chat fields). */
  public NotificationChannel(
      String type,
      String address,
      String url,
      String method,
      Map<String, String> headers,
      String secret) {
    this(type, address, url, method, headers, secret, null, null, null);
  }

  public static NotificationChannel email(String address) {
    return new NotificationChannel(EMAIL, address, null, null, null, null);
  }

  public static NotificationChannel chatUrl(String type, String url, String token) {
    return new NotificationChannel(type, null, url, null, null, null, token, null, null);
  }

  public static NotificationChannel telegram(String botToken, String chatId) {
    return new NotificationChannel(TELEGRAM, null, null, null, null, null, null, botToken, chatId);
  }

  @JsonIgnore
  public boolean isEmail() {
    return EMAIL.equals(type);
  }

  @JsonIgnore
  public boolean isWebhook() {
    return WEBHOOK.equals(type);
  }

  @JsonIgnore
  public boolean isChat() {
    return CHAT_TYPES.contains(type);
  }

  /**
   * The same channel without its credentials, as workflow payloads and delivery records carry it:
   * no signing secret, no custom headers (an {@code Authorization} header is a credential as much
   * as the secret), no token, and a chat URL cut to its scheme and host (on these platforms the URL
   * itself grants posting). The Deliver activity reads the full channel from storage.
   */
  public NotificationChannel withoutSecret() {
    if (isChat()) {
      return new NotificationChannel(
          type, address, redacted(url), method, null, null, null, null, chatId);
    }
    return new NotificationChannel(type, address, url, method, null, null, token, null, chatId);
  }

  /**
   * Where a delivery on this channel goes, as delivery records show it: the address, the webhook
   * URL, a chat URL without its secret part, or the Telegram chat.
   */
  @JsonIgnore
  public String target() {
    if (isEmail()) {
      return address;
    }
    if (TELEGRAM.equals(type)) {
      return "telegram:" + chatId;
    }
    return isChat() ? redacted(url) : url;
  }

  /** {@code https://hooks.slack.com/…}: enough to recognise the service, nothing to post with. */
  static String redacted(String url) {
    if (url == null || url.endsWith("/…")) {
      return url;
    }
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getRawAuthority() == null) {
        return "…";
      }
      return uri.getScheme() + "://" + uri.getRawAuthority() + "/…";
    } catch (java.net.URISyntaxException e) {
      return "…";
    }
  }
}
