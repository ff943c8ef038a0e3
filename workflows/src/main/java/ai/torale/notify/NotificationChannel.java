package ai.torale.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One notification channel of a task, in the shape the REST contract uses: {@code
 * {"type":"email","address":…}} or {@code
 * {"type":"webhook","url":…,"method":"POST","headers":{…},"secret":…}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NotificationChannel(
    String type,
    String address,
    String url,
    String method,
    Map<String, String> headers,
    String secret) {

  public static final String EMAIL = "email";
  public static final String WEBHOOK = "webhook";

  public NotificationChannel {
    headers = headers == null ? null : Map.copyOf(headers);
  }

  public static NotificationChannel email(String address) {
    return new NotificationChannel(EMAIL, address, null, null, null, null);
  }

  @JsonIgnore
  public boolean isEmail() {
    return EMAIL.equals(type);
  }

  @JsonIgnore
  public boolean isWebhook() {
    return WEBHOOK.equals(type);
  }

  /** The same channel as a non-owner may see it: without the signing secret. */
  public NotificationChannel withoutSecret() {
    return new NotificationChannel(type, address, url, method, headers, null);
  }

  /** Where a delivery on this channel goes: the address or the URL. */
  @JsonIgnore
  public String target() {
    return isEmail() ? address : url;
  }
}
