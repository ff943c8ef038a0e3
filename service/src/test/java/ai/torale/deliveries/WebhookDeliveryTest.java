package ai.torale.deliveries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.GeminiServer;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import ai.torale.support.WebhookInbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import org.junit.jupiter.api.Test;

/** News reaches the owner's webhook once, signed, and every attempt is listed for them. */
class WebhookDeliveryTest {
  private static final String MET =
      "{\"condition_met\":true,\"answer\":\"ExampleCorp 2.1 is out.\","
          + "\"notification\":\"**ExampleCorp 2.1 is out**\",\"evidence\":\"Release notes.\",\"confidence\":90,"
          + "\"next_run\":\"2099-01-01T00:00:00Z\",\"topic\":\"ExampleCorp 2.1\"}";
  private static final String SECRET = "whsec_webhook_delivery_test_secret";
  private static final String HEADER_VALUE = "Bearer hook-credential-5f2c";

  @Test
  void newsIsDeliveredOnceSignedAndRecorded() throws Exception {
    try (GeminiServer gemini = new GeminiServer(MET);
        WebhookInbox inbox = new WebhookInbox();
        TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("search.geminiApiKey", "test-key"),
                ConfigOverride.config("search.geminiBaseUrl", gemini.baseUrl()),
                ConfigOverride.config("notify.webhookAllowHttp", "true"),
                ConfigOverride.config("notify.webhookAllowPrivate", "true"))) {
      Api api = app.api();
      String key =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"hooks@example.com\"}")
              .field("api_key");
      String id =
          api.post(
                  "/api/v1/tasks",
                  key,
                  "{\"name\":\"Launch\",\"search_query\":\"Is 2.1 out?\","
                      + "\"run_immediately\":true,\"notifications\":[{\"type\":\"webhook\",\"url\":\""
                      + inbox.url()
                      + "\","
                      + "\"secret\":\""
                      + SECRET
                      + "\",\"headers\":{\"X-Custom\":\""
                      + HEADER_VALUE
                      + "\"}}]}")
              .field("id");

      long deadline = System.currentTimeMillis() + 30_000;
      while (inbox.received().isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      api.post("/api/v1/tasks/" + id + "/execute", key, null);
      Thread.sleep(3_000);
      assertEquals(1, inbox.received().size(), "the same answer is not news: one delivery");
      WebhookInbox.Received hook = inbox.received().get(0);
      assertTrue(
          hook.signedWith(SECRET), "signature verifies: " + hook.header("X-Torale-Signature"));
      assertEquals("task.condition_met", hook.header("X-Torale-Event"));
      assertEquals("Torale-Webhooks/1", hook.header("User-Agent"));
      assertEquals(HEADER_VALUE, hook.header("X-Custom"), "the headers as the task stores them");
      JsonNode envelope = new ObjectMapper().readTree(hook.body());
      assertEquals("task.condition_met", envelope.get("event_type").asText());
      assertEquals(id, envelope.get("data").get("task").get("id").asText());
      assertEquals(
          "**ExampleCorp 2.1 is out**",
          envelope.get("data").get("execution").get("notification").asText());
      assertEquals(
          "ExampleCorp 2.1 is out.", envelope.get("data").get("result").get("answer").asText());

      JsonNode attempts = api.get("/api/v1/notifications/deliveries?task_id=" + id, key).json();
      assertEquals(1, attempts.size());
      assertEquals("delivered", attempts.get(0).get("result").asText());
      assertEquals(200, attempts.get(0).get("status_code").asInt());
      assertEquals(hook.header("X-Torale-Delivery"), attempts.get(0).get("delivery_id").asText());
      assertFalse(attempts.toString().contains(SECRET));
      assertEquals(1, app.metrics().counter("torale.notifications.webhook.delivered").getCount());
      String history =
          app.temporal()
              .fetchHistory(
                  ai.torale.monitor.MonitorWorkflow.workflowId(java.util.UUID.fromString(id)))
              .getHistory()
              .toString();
      assertTrue(history.contains("webhook"), "the history is the monitor's");
      assertFalse(history.contains(SECRET), "the webhook secret never enters a workflow payload");
      assertFalse(
          history.contains(HEADER_VALUE),
          "nor do its custom headers, which often carry a credential");
      String other =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"other@example.com\"}")
              .field("api_key");
      assertEquals(
          0,
          api.get("/api/v1/notifications/deliveries", other).json().size(),
          "only the owner sees them");
      assertEquals(422, api.get("/api/v1/notifications/deliveries?task_id=nope", key).status());

      Api.Reply test =
          api.post(
              "/api/v1/webhooks/test",
              key,
              "{\"url\":\"" + inbox.url() + "\",\"secret\":\"" + SECRET + "\"}");
      assertEquals(200, test.status());
      assertTrue(test.json().get("success").asBoolean(), test::toString);
      assertEquals(200, test.json().get("status_code").asInt());
      assertEquals("test", inbox.received().get(1).header("X-Torale-Event"));
    }
  }

  @Test
  void theTestEndpointRefusesTargetsItMayNotCallWith422AndOneMessage() throws Exception {
    // More refusals than the per-minute webhook test quota allows: each one counts.
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(database, ConfigOverride.config("quotas.webhookTestsPerMinute", "0"))) {
      Api api = app.api();
      String key =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"ssrf@example.com\"}")
              .field("api_key");
      // Whatever the reason, the same words: an unresolvable name must not read differently from a
      // private one.
      for (String url :
          new String[] {
            "https://127.0.0.1/hook",
            "https://10.0.0.1/hook",
            "https://169.254.169.254/",
            "https://[::1]/hook",
            "https://localhost/hook",
            "https://no-such-host.invalid/hook",
            "https://[fe80::1%25lo]/",
            "https://[::ffff:0:7f00:1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[2002:c0a8:101::]/"
          }) {
        Api.Reply reply = api.post("/api/v1/webhooks/test", key, "{\"url\":\"" + url + "\"}");
        assertEquals(422, reply.status(), url + " " + reply);
        assertEquals(
            "{\"detail\":[{\"loc\":[\"body\",\"url\"],\"msg\":\"URL is not an allowed webhook target\","
                + "\"type\":\"value_error\"}]}",
            reply.text(),
            url);
      }
      for (String url :
          new String[] {"file:///etc/passwd", "http://example.com/hook", "gopher://example.com/"}) {
        Api.Reply reply = api.post("/api/v1/webhooks/test", key, "{\"url\":\"" + url + "\"}");
        assertEquals(422, reply.status(), url);
        assertEquals(
            "[\"body\",\"url\"]", reply.json().get("detail").get(0).get("loc").toString(), url);
        assertEquals(
            "webhook url must use https",
            reply.json().get("detail").get(0).get("msg").asText(),
            url);
      }
      Api.Reply crlf =
          api.post(
              "/api/v1/webhooks/test",
              key,
              "{\"url\":\"https://example.com/\",\"headers\":{\"X-Ok\":\"a\\r\\nX-Injected: b\"}}");
      assertEquals(422, crlf.status(), crlf::toString);
      assertEquals(
          "[\"body\",\"headers\",\"X-Ok\"]",
          crlf.json().get("detail").get(0).get("loc").toString());
      Api.Reply reserved =
          api.post(
              "/api/v1/webhooks/test",
              key,
              "{\"url\":\"https://example.com/\",\"headers\":{\"X-Torale-Signature\":\"forged\"}}");
      assertEquals(422, reserved.status(), reserved::toString);
      assertEquals(
          "[\"body\",\"headers\",\"X-Torale-Signature\"]",
          reserved.json().get("detail").get(0).get("loc").toString());
      Api.Reply shortSecret =
          api.post(
              "/api/v1/webhooks/test", key, "{\"url\":\"https://example.com/\",\"secret\":\"s\"}");
      assertEquals(
          "[\"body\",\"secret\"]", shortSecret.json().get("detail").get(0).get("loc").toString());
      assertEquals(422, api.post("/api/v1/webhooks/test", key, "{}").status());
    }
  }
}
