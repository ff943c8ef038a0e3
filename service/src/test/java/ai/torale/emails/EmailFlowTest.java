package ai.torale.emails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.GeminiServer;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.testing.ConfigOverride;
import jakarta.mail.internet.MimeMessage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Email through a real SMTP server: verifying an address by code, and news to the owner's account
 * address.
 */
class EmailFlowTest {
  private static final String MET =
      "{\"condition_met\":true,\"answer\":\"It is out.\",\"notification\":\"**It is out**\","
          + "\"evidence\":\"Notes.\",\"confidence\":90,\"next_run\":\"2099-01-01T00:00:00Z\",\"topic\":\"Release\"}";

  @Test
  void addressesAreVerifiedByCodeAndNewsIsEmailed() throws Exception {
    GreenMail smtp =
        new GreenMail(
            new ServerSetup(ToraleApp.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (GeminiServer gemini = new GeminiServer(MET);
        TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("search.geminiApiKey", "test-key"),
                ConfigOverride.config("search.geminiBaseUrl", gemini.baseUrl()),
                ConfigOverride.config("notify.smtpHost", "127.0.0.1"),
                ConfigOverride.config("notify.smtpPort", String.valueOf(smtp.getSmtp().getPort())),
                ConfigOverride.config("notify.smtpTls", "false"),
                ConfigOverride.config("notify.smtpFrom", "torale@localhost"))) {
      Api api = app.api();
      String key =
          api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"owner@example.com\"}")
              .field("api_key");

      assertEquals(
          200,
          api.post("/api/v1/email-verification/send", key, "{\"email\":\"team@example.com\"}")
              .status());
      assertTrue(smtp.waitForIncomingEmail(10_000, 1));
      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertEquals("team@example.com", mail.getAllRecipients()[0].toString());
      Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(GreenMailUtil.getBody(mail));
      assertTrue(code.find(), "the mail carries a six-digit code");
      assertEquals(
          400,
          api.post(
                  "/api/v1/email-verification/verify",
                  key,
                  "{\"email\":\"team@example.com\",\"code\":\""
                      + (code.group(1).equals("000000") ? "111111" : "000000")
                      + "\"}")
              .status());
      Api.Reply verified =
          api.post(
              "/api/v1/email-verification/verify",
              key,
              "{\"email\":\"team@example.com\",\"code\":\"" + code.group(1) + "\"}");
      assertEquals(200, verified.status(), verified::toString);
      assertTrue(
          api.get("/api/v1/email-verification/verified-emails", key)
              .text()
              .contains("team@example.com"));
      assertEquals(
          200,
          api.post(
                  "/api/v1/tasks",
                  key,
                  "{\"name\":\"to the team\",\"search_query\":\"q\",\"state\":"
                      + "\"paused\",\"notifications\":[{\"type\":\"email\",\"address\":\"team@example.com\"}]}")
              .status());
      api.post("/api/v1/email-verification/send", key, "{\"email\":\"many@example.com\"}");
      api.post("/api/v1/email-verification/send", key, "{\"email\":\"many@example.com\"}");
      api.post("/api/v1/email-verification/send", key, "{\"email\":\"many@example.com\"}");
      assertEquals(
          429,
          api.post("/api/v1/email-verification/send", key, "{\"email\":\"many@example.com\"}")
              .status(),
          "three sends per address per hour");

      int before = smtp.getReceivedMessages().length;
      // No notifications configured: news goes to the account address.
      api.post(
          "/api/v1/tasks",
          key,
          "{\"name\":\"Launch watch\",\"search_query\":\"Is it out?\",\"run_immediately\":true}");
      assertTrue(smtp.waitForIncomingEmail(30_000, before + 1));
      MimeMessage news = smtp.getReceivedMessages()[before];
      assertEquals("owner@example.com", news.getAllRecipients()[0].toString());
      assertTrue(
          news.getSubject().contains("Launch watch") || news.getSubject().contains("Release"),
          news.getSubject());
      String body = GreenMailUtil.getBody(news);
      assertTrue(body.contains("It is out"), body);
      assertTrue(body.contains("text/html"), "plain text and HTML parts");
    } finally {
      smtp.stop();
    }
  }
}
