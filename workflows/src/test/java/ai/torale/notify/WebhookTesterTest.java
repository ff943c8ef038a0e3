package ai.torale.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookTesterTest {
  final WebhookReceiver receiver = WebhookReceiver.up();
  final Clock clock = Clock.systemUTC();

  @AfterEach
  void stop() {
    receiver.close();
  }

  WebhookTester tester(boolean allowPrivate) {
    return new Notifications(
            new WebhookSettings(true, allowPrivate),
            WebhookDeliveryTest.NO_SMTP,
            null,
            new InMemoryDeliveryStore(),
            clock)
        .webhookTester();
  }

  @Test
  void sendsASignedTestEvent() throws Exception {
    WebhookTester.Result result =
        tester(true).test(receiver.url("/t"), "whsec_abc", Map.of("X-Team", "ops"));

    assertEquals(new WebhookTester.Result(true, 200, "The receiver answered HTTP 200"), result);
    WebhookReceiver.Received got = receiver.received().get(0);
    assertEquals("test", got.header("X-Torale-Event"));
    assertEquals("ops", got.header("X-Team"));
    String t = got.header("X-Torale-Timestamp");
    String body = new String(got.body(), StandardCharsets.UTF_8);
    assertEquals(
        "t=" + t + ",v1=" + WebhookDeliveryTest.hmac("whsec_abc", t, got.body()),
        got.header("X-Torale-Signature"));
    JsonNode json = new ObjectMapper().readTree(body);
    assertEquals("test", json.get("event_type").asText());
    assertEquals(got.header("X-Torale-Delivery"), json.get("id").asText());
  }

  @Test
  void withoutASecretNothingIsSigned() throws Exception {
    assertTrue(tester(true).test(receiver.url("/t"), null, null).success());
    assertNull(receiver.received().get(0).header("X-Torale-Signature"));
  }

  @Test
  void reportsTheReceiversError() throws Exception {
    receiver.answering(500);
    assertEquals(
        new WebhookTester.Result(false, 500, "The receiver answered HTTP 500"),
        tester(true).test(receiver.url("/t"), "s", null));
  }

  @Test
  void targetsItMayNotCallAreRefusedAlikeWithoutARequest() {
    String port = receiver.url("").split(":")[2];
    for (String url :
        new String[] {
          "http://localhost:" + port,
          receiver.url("/t"),
          "http://no-such-host.invalid/",
          "https://[::ffff:0:7f00:1]:" + port + "/"
        }) {
      InvalidNotificationException e =
          assertThrows(
              InvalidNotificationException.class, () -> tester(false).test(url, "s", null), url);
      assertEquals(WebhookTester.NOT_ALLOWED, e.getMessage(), url);
      assertEquals(List.of("url"), e.field(), url);
    }
    assertEquals(0, receiver.received().size());
  }

  @Test
  void invalidConfigurationsNameTheirField() {
    InvalidNotificationException e =
        assertThrows(
            InvalidNotificationException.class,
            () -> tester(true).test(receiver.url("/t"), "s", Map.of("Host", "x")));
    assertEquals("webhook header 'Host' is reserved", e.getMessage());
    assertEquals(List.of("headers", "Host"), e.field());
  }
}
