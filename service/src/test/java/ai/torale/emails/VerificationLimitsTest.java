package ai.torale.emails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.AppTest;
import ai.torale.support.Parallel;
import ai.torale.support.ToraleApp;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.testing.ConfigOverride;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Verification emails cannot be used to flood an inbox: with config.yml's defaults, 3 an hour to
 * one address from all users together and 10 an hour from one user, counted at a real SMTP server,
 * under parallel requests.
 */
class VerificationLimitsTest extends AppTest {
  /** The SMTP server the service sends to, up before the service starts. */
  private final GreenMail smtp = startedSmtp();

  private static GreenMail startedSmtp() {
    GreenMail smtp =
        new GreenMail(
            new ServerSetup(ToraleApp.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    return smtp;
  }

  @Override
  protected ConfigOverride[] overrides() {
    return new ConfigOverride[] {
      ConfigOverride.config("notify.smtpHost", "127.0.0.1"),
      ConfigOverride.config("notify.smtpPort", String.valueOf(smtp.getSmtp().getPort())),
      ConfigOverride.config("notify.smtpTls", "false"),
      ConfigOverride.config("notify.smtpFrom", "torale@localhost")
    };
  }

  @AfterAll
  void stopSmtp() {
    smtp.stop();
  }

  @Test
  void parallelSendsToOneAddressSendOnlyTheLimit() throws Exception {
    String key = newUser();
    List<HttpResponse<String>> replies = Parallel.run(10, i -> send(key, "flooded@example.net"));
    assertEquals(
        3, replies.stream().filter(r -> r.statusCode() == 200).count(), () -> statuses(replies));
    List<HttpResponse<String>> refused =
        replies.stream().filter(r -> r.statusCode() != 200).toList();
    assertEquals(
        7, refused.stream().filter(r -> r.statusCode() == 429).count(), () -> statuses(replies));
    for (HttpResponse<String> reply : refused) {
      assertEquals(
          "{\"detail\":\"Too many verification emails to this address; try again later\"}",
          reply.body());
      long retryAfter = Long.parseLong(reply.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(
          retryAfter >= 3500 && retryAfter <= 3600,
          "the first send frees a place in an hour: " + retryAfter);
    }
    assertEquals(3, mailsTo("flooded@example.net"));
  }

  @Test
  void usersTogetherCannotExceedTheAddressLimit() throws Exception {
    String first = newUser();
    String second = newUser();
    assertEquals(200, send(first, "victim@example.net").statusCode());
    assertEquals(200, send(first, "victim@example.net").statusCode());
    assertEquals(200, send(second, "Victim@example.net").statusCode());
    assertEquals(
        429, send(second, "victim@example.net").statusCode(), "the address has had its three");
    assertEquals(
        429, send(newUser(), "victim@example.net").statusCode(), "also for a third account");
    assertEquals(3, mailsTo("victim@example.net"));
    assertEquals(
        200,
        send(second, "someone-else@example.net").statusCode(),
        "the users may still mail elsewhere");
  }

  @Test
  void oneUserCannotMailManyAddresses() throws Exception {
    String key = newUser();
    for (int i = 0; i < 10; i++) {
      assertEquals(200, send(key, "spray-" + i + "@example.org").statusCode());
    }
    HttpResponse<String> refused = send(key, "spray-10@example.org");
    assertEquals(429, refused.statusCode());
    assertEquals(
        "{\"detail\":\"Too many verification emails from this account; try again later\"}",
        refused.body());
    assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    assertEquals(0, mailsTo("spray-10@example.org"));
    assertEquals(
        10,
        Arrays.stream(smtp.getReceivedMessages())
            .filter(m -> recipient(m).startsWith("spray-"))
            .count());
    assertEquals(
        200,
        send(newUser(), "spray-10@example.org").statusCode(),
        "another account is not held back");
  }

  private HttpResponse<String> send(String key, String address) {
    return api.raw(
        "POST",
        "/api/v1/email-verification/send",
        "{\"email\":\"" + address + "\"}",
        "Authorization",
        "Bearer " + key,
        "Content-Type",
        "application/json");
  }

  private long mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> recipient(m).equalsIgnoreCase(address))
        .count();
  }

  private static String recipient(MimeMessage mail) {
    try {
      return mail.getAllRecipients()[0].toString();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String statuses(List<HttpResponse<String>> replies) {
    return replies.stream().map(r -> r.statusCode() + " " + r.body()).toList().toString();
  }
}
