package ai.torale.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.support.TestClock;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The email channel against GreenMail's SMTP server: content, exactly once, and the abuse limits.
 */
class EmailDeliveryTest {
  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP)
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("torale", "smtp-pa55word"));

  static final Instant NOW = Instant.parse("2026-11-28T10:16:00Z");

  final TestClock clock = TestClock.at(NOW);
  final InMemoryDeliveryStore store = new InMemoryDeliveryStore();

  NotifyActivitiesImpl activities() {
    SmtpSettings smtp =
        new SmtpSettings(
            "127.0.0.1",
            ServerSetupTest.SMTP.getPort(),
            "torale",
            "smtp-pa55word",
            "Torale <alerts@torale.test>",
            false);
    return new Notifications(
            WebhookSettings.STRICT, smtp, "https://torale.example.com/", store, clock)
        .activities();
  }

  static Delivery toOwner(String address) {
    return Deliveries.conditionMet(UUID.randomUUID(), NotificationChannel.email(address));
  }

  @Test
  void sendsPlainTextAndSafeHtml() throws Exception {
    Delivery delivery = toOwner("owner@example.com");

    activities().deliver(delivery);

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertEquals(1, received.length);
    MimeMessage mail = received[0];
    assertEquals("[Torale] iPhone 17 release: condition met", mail.getSubject());
    assertEquals("owner@example.com", ((InternetAddress) mail.getAllRecipients()[0]).getAddress());
    assertEquals("alerts@torale.test", ((InternetAddress) mail.getFrom()[0]).getAddress());
    UUID deliveryId =
        new DeliveryKey(
                delivery.executionId(), "email", "owner@example.com", delivery.event().wire())
            .id();
    assertEquals(deliveryId.toString(), mail.getHeader("X-Torale-Delivery")[0]);

    MimeMultipart parts = (MimeMultipart) mail.getContent();
    assertEquals(2, parts.getCount());
    BodyPart textPart = parts.getBodyPart(0);
    BodyPart htmlPart = parts.getBodyPart(1);
    assertTrue(textPart.isMimeType("text/plain"));
    assertTrue(htmlPart.isMimeType("text/html"));
    String text = (String) textPart.getContent();
    String html = (String) htmlPart.getContent();

    assertTrue(text.startsWith("Apple announced: **September 19**."), text);
    assertTrue(text.contains("Task: iPhone 17 release"), text);
    assertTrue(text.contains("Query: When is the iPhone 17 released?"), text);
    assertTrue(text.contains("- Apple Newsroom: https://www.apple.com/newsroom/"), text);
    assertTrue(text.contains("Next check: 2026-11-29 10:00 UTC"), text);
    assertTrue(
        text.contains("View the task: https://torale.example.com/tasks/" + Deliveries.TASK), text);

    assertTrue(html.contains("<strong>September 19</strong>"), html);
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("&lt;script&gt;"), html);
    assertTrue(
        html.contains("<a href=\"https://www.apple.com/newsroom/\">Apple Newsroom</a>"), html);
    assertTrue(html.contains("Example &lt;b&gt;bold&lt;/b&gt;"), html);
    assertTrue(html.contains("href=\"https://example.com/a?b=1&amp;c=2\""), html);
    assertTrue(
        html.contains("<a href=\"https://torale.example.com/tasks/" + Deliveries.TASK + "\">"),
        html);

    DeliveryAttempt recorded = store.attempts().get(0);
    assertEquals(DeliveryResult.DELIVERED, recorded.result());
    assertEquals("owner@example.com", recorded.target());
  }

  @Test
  void aDuplicateExecutionSendsOneEmail() {
    Delivery delivery = toOwner("owner@example.com");

    activities().deliver(delivery);
    activities().deliver(delivery);

    assertEquals(1, greenMail.getReceivedMessages().length);
  }

  @Test
  void failingTasksSayWhy() throws Exception {
    activities()
        .deliver(
            Deliveries.failing(UUID.randomUUID(), NotificationChannel.email("owner@example.com")));

    MimeMessage mail = greenMail.getReceivedMessages()[0];
    assertEquals("[Torale] iPhone 17 release is failing", mail.getSubject());
    String text = (String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
    assertTrue(text.contains("Last error: The search provider rejected the API key"), text);
  }

  @Test
  void atMostTenEmailsPerRecipientPerHour() {
    NotifyActivitiesImpl activities = activities();
    for (int i = 0; i < EmailRateLimit.PER_RECIPIENT_PER_HOUR; i++) {
      activities.deliver(toOwner(i % 2 == 0 ? "busy@example.com" : "Busy@Example.com"));
    }

    ApplicationFailure limited =
        assertThrows(
            ApplicationFailure.class, () -> activities.deliver(toOwner("busy@example.com")));

    assertTrue(limited.isNonRetryable());
    assertEquals(EmailRateLimit.PER_RECIPIENT_PER_HOUR, greenMail.getReceivedMessages().length);
    assertEquals(
        DeliveryResult.RATE_LIMITED,
        store.attempts().get(EmailRateLimit.PER_RECIPIENT_PER_HOUR).result());
    // Another recipient is not held up, and an hour later this one may receive again.
    activities.deliver(toOwner("other@example.com"));
    clock.advance(Duration.ofMinutes(61));
    activities.deliver(toOwner("busy@example.com"));
    assertEquals(EmailRateLimit.PER_RECIPIENT_PER_HOUR + 2, greenMail.getReceivedMessages().length);
  }

  @Test
  void atMostAHundredEmailsPerUserPerDay() {
    for (int i = 0; i < EmailRateLimit.PER_USER_PER_DAY; i++) {
      store.recordAttempt(
          new DeliveryAttempt(
              UUID.randomUUID(),
              Deliveries.TASK,
              Deliveries.USER,
              UUID.randomUUID(),
              "task.condition_met",
              "email",
              "r" + i + "@example.com",
              1,
              250,
              null,
              NOW.minus(Duration.ofHours(23)),
              DeliveryResult.DELIVERED),
          null);
    }

    assertThrows(
        ApplicationFailure.class, () -> activities().deliver(toOwner("fresh@example.com")));

    assertEquals(0, greenMail.getReceivedMessages().length);
    List<DeliveryAttempt> attempts = store.attempts();
    assertEquals(DeliveryResult.RATE_LIMITED, attempts.get(attempts.size() - 1).result());
    clock.advance(Duration.ofHours(2));
    activities().deliver(toOwner("fresh@example.com"));
    assertEquals(1, greenMail.getReceivedMessages().length);
  }

  @Test
  void anUnreachableServerIsRetriedAndThePasswordNeverShows() {
    SmtpSettings down =
        new SmtpSettings("127.0.0.1", 1, "torale", "smtp-pa55word", "alerts@torale.test", false);
    NotifyActivitiesImpl activities =
        new Notifications(WebhookSettings.STRICT, down, null, store, clock).activities();

    ApplicationFailure failure =
        assertThrows(
            ApplicationFailure.class, () -> activities.deliver(toOwner("owner@example.com")));

    assertFalse(failure.isNonRetryable());
    assertEquals(DeliveryResult.RETRYING, store.attempts().get(0).result());
    String everything = failure + " " + store.attempts() + " " + down;
    assertFalse(everything.contains("smtp-pa55word"), everything);
  }

  @Test
  void withoutASenderAddressEmailFailsOnceWithAReason() {
    SmtpSettings noFrom =
        new SmtpSettings("127.0.0.1", ServerSetupTest.SMTP.getPort(), null, null, " ", false);
    NotifyActivitiesImpl activities =
        new Notifications(WebhookSettings.STRICT, noFrom, null, store, clock).activities();

    ApplicationFailure failure =
        assertThrows(
            ApplicationFailure.class, () -> activities.deliver(toOwner("owner@example.com")));

    assertTrue(failure.isNonRetryable());
    assertEquals(0, greenMail.getReceivedMessages().length);
  }

  @Test
  void withoutSmtpSettingsEmailFailsOnceWithAReason() {
    NotifyActivitiesImpl activities =
        new Notifications(WebhookSettings.STRICT, WebhookDeliveryTest.NO_SMTP, null, store, clock)
            .activities();

    ApplicationFailure failure =
        assertThrows(
            ApplicationFailure.class, () -> activities.deliver(toOwner("owner@example.com")));

    assertTrue(failure.isNonRetryable());
    assertEquals("email is not configured on this Torale server", store.attempts().get(0).error());
  }
}
