package ai.torale.notify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationValidatorTest {
  final NotificationValidator strict = new NotificationValidator(WebhookSettings.STRICT);

  static NotificationChannel webhook(String url, String method, Map<String, String> headers) {
    return new NotificationChannel("webhook", null, url, method, headers, null);
  }

  String refusal(NotificationValidator validator, NotificationChannel channel) {
    return assertThrows(InvalidNotificationException.class, () -> validator.validate(channel))
        .getMessage();
  }

  @Test
  void acceptsAnHttpsPostWithCustomHeaders() {
    assertDoesNotThrow(() ->
        strict.validate(
            webhook(
                "https://hooks.example.com/in?x=1",
                "POST",
                Map.of("Authorization", "Bearer t", "X-Team", "a"))));
    assertDoesNotThrow(() -> strict.validate(webhook("https://hooks.example.com/in", null, null)));
  }

  @Test
  void requiresHttpsUnlessHttpIsAllowed() {
    assertEquals(
        "webhook url must use https",
        refusal(strict, webhook("http://hooks.example.com", "POST", null)));
    assertEquals(
        "webhook url must use https",
        refusal(strict, webhook("ftp://hooks.example.com", "POST", null)));
    NotificationValidator local = new NotificationValidator(new WebhookSettings(true, false));
    assertDoesNotThrow(() -> local.validate(webhook("http://hooks.example.com", "POST", null)));
  }

  @Test
  void refusesOtherMethods() {
    assertEquals(
        "webhook method must be POST",
        refusal(strict, webhook("https://h.example.com", "GET", null)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "X-Torale-Signature",
        "x-torale-anything",
        "User-Agent",
        "Content-Type",
        "Content-Length",
        "Host",
        "Connection",
        "Transfer-Encoding"
      })
  void refusesReservedHeaders(String name) {
    assertEquals(
        "webhook header '" + name + "' is reserved",
        refusal(strict, webhook("https://h.example.com", "POST", Map.of(name, "v"))));
  }

  @Test
  void refusesHeaderInjectionWithoutQuotingTheValue() {
    String message =
        refusal(strict, webhook("https://h.example.com", "POST", Map.of("X-A", "tok\r\nX-B: 1")));
    assertEquals("webhook header 'X-A' has an invalid value", message);
    assertEquals(
        "webhook header name 'Bad?Name' is not valid",
        refusal(strict, webhook("https://h.example.com", "POST", Map.of("Bad Name", "v"))));
  }

  @Test
  void refusesMalformedUrlsCredentialsAndPrivateLiterals() {
    assertEquals("webhook url is required", refusal(strict, webhook(" ", "POST", null)));
    assertEquals(
        "webhook url must name a host", refusal(strict, webhook("https:///path", "POST", null)));
    assertTrue(
        refusal(strict, webhook("https://user:pw@h.example.com", "POST", null))
            .contains("credentials"));
    assertEquals(
        "webhook url must not point to a link-local address",
        refusal(strict, webhook("https://169.254.169.254/latest", "POST", null)));
    assertEquals(
        "webhook url must not point to a loopback address",
        refusal(strict, webhook("https://[::1]/x", "POST", null)));
    assertEquals(
        "webhook url must not name a network interface (zone id)",
        refusal(strict, webhook("https://[fe80::1%25lo]/", "POST", null)));
    assertEquals(
        "webhook url must not point to a loopback address",
        refusal(strict, webhook("https://[::ffff:0:7f00:1]/", "POST", null)),
        "IPv4-translated 127.0.0.1");
    assertEquals(
        "webhook url must not point to a private address",
        refusal(strict, webhook("https://[::ffff:10.0.0.1]/", "POST", null)),
        "IPv4-mapped 10.0.0.1");
    assertEquals(
        "webhook url must not point to a reserved address",
        refusal(strict, webhook("https://[::7f00:1]/", "POST", null)),
        "IPv4-compatible 127.0.0.1");
    assertEquals(
        "webhook url must not point to a link-local address",
        refusal(strict, webhook("https://[64:ff9b::a9fe:a9fe]/", "POST", null)),
        "NAT64 169.254.169.254");
    assertEquals(
        "webhook url must not point to a private address",
        refusal(strict, webhook("https://[2002:c0a8:101::1]/", "POST", null)),
        "6to4 192.168.1.1");
    NotificationValidator local = new NotificationValidator(new WebhookSettings(false, true));
    assertDoesNotThrow(() -> local.validate(webhook("https://127.0.0.1:8443/x", "POST", null)));
  }

  @Test
  void checksEmailAddresses() {
    assertDoesNotThrow(() -> strict.validate(NotificationChannel.email("owner@example.com")));
    assertEquals(
        "email address is not valid", refusal(strict, NotificationChannel.email("not an address")));
    assertTrue(
        refusal(strict, NotificationChannel.email("Eve <eve@example.com>"))
            .contains("bare address"));
    assertEquals(
        "unknown notification type 'sms'",
        refusal(strict, new NotificationChannel("sms", null, null, null, null, null)));
  }

  @Test
  void secretsAreWhsecAnd32RandomBytes() {
    String secret = new WebhookSecrets().generate();
    assertTrue(secret.matches("whsec_[A-Za-z0-9_-]{43}"), secret);
    assertTrue(!secret.equals(new WebhookSecrets().generate()));
  }

  @Test
  void chatChannelsNameTheBadField() {
    assertField(NotificationChannel.chatUrl("slack", "http://hooks.slack.com/x", null), "url");
    assertField(NotificationChannel.chatUrl("discord", null, null), "url");
    assertField(NotificationChannel.chatUrl("teams", "https://10.0.0.1/x", null), "url");
    assertField(NotificationChannel.chatUrl("ntfy", "https://ntfy.sh/", null), "url");
    assertField(NotificationChannel.chatUrl("ntfy", "https://ntfy.sh/t", "a b"), "token");
    assertField(NotificationChannel.telegram("nope", "42"), "bot_token");
    assertField(
        NotificationChannel.telegram("123456:AAbcdefghijklmnopqrstuvwxyz0123", "chat"), "chat_id");
  }

  @Test
  void validChatChannelsPass() throws Exception {
    strict.validate(
        NotificationChannel.chatUrl("slack", "https://hooks.slack.com/services/T/B/X", null));
    strict.validate(NotificationChannel.chatUrl("ntfy", "https://ntfy.sh/my_topic-1", "tk_x"));
    strict.validate(
        NotificationChannel.telegram("123456:AAbcdefghijklmnopqrstuvwxyz0123", "@my_channel"));
    strict.validate(
        NotificationChannel.telegram("123456:AAbcdefghijklmnopqrstuvwxyz0123", "-1001234567890"));
  }

  @Test
  void withoutSecretKeepsNoCredential() {
    NotificationChannel slack =
        NotificationChannel.chatUrl("slack", "https://hooks.slack.com/services/T/B/X", null);
    assertEquals("https://hooks.slack.com/…", slack.withoutSecret().url());
    assertEquals("https://hooks.slack.com/…", slack.target());
    NotificationChannel ntfy = NotificationChannel.chatUrl("ntfy", "https://ntfy.sh/t", "tk_x");
    assertNull(ntfy.withoutSecret().token());
    NotificationChannel telegram =
        NotificationChannel.telegram("123456:AAbcdefghijklmnopqrstuvwxyz0123", "42");
    assertNull(telegram.withoutSecret().botToken());
    assertEquals("telegram:42", telegram.withoutSecret().target());
    NotificationChannel webhook =
        new NotificationChannel(
            "webhook",
            null,
            "https://example.com/hook",
            "POST",
            Map.of("Authorization", "Bearer t"),
            "whsec_0123456789abcdef");
    assertNull(webhook.withoutSecret().secret());
    assertNull(webhook.withoutSecret().headers());
    assertEquals("https://example.com/hook", webhook.withoutSecret().url());
  }

  @Test
  void aServerGivenWaitIsHonouredButNeverShortensTheSchedule() {
    assertEquals(Duration.ofMinutes(5), RetrySchedule.delayAfter(2, null));
    assertEquals(Duration.ofMinutes(5), RetrySchedule.delayAfter(2, Duration.ofSeconds(3)));
    assertEquals(Duration.ofHours(2), RetrySchedule.delayAfter(2, Duration.ofHours(2)));
  }

  private void assertField(NotificationChannel channel, String field) {
    InvalidNotificationException e =
        assertThrows(InvalidNotificationException.class, () -> strict.validate(channel));
    assertEquals(List.of(field), e.field());
  }
}
