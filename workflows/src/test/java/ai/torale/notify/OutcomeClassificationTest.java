package ai.torale.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.search.Source;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which answers are final and which are worth another try, and when that try comes. */
class OutcomeClassificationTest {

  @ParameterizedTest
  @CsvSource({
    "200, DELIVERED",
    "201, DELIVERED",
    "204, DELIVERED",
    "299, DELIVERED",
    "408, RETRYING",
    "429, RETRYING",
    "500, RETRYING",
    "502, RETRYING",
    "503, RETRYING",
    "504, RETRYING",
    "301, FAILED",
    "302, FAILED",
    "400, FAILED",
    "401, FAILED",
    "403, FAILED",
    "404, FAILED",
    "410, FAILED",
    "422, FAILED"
  })
  void httpStatuses(int status, DeliveryResult expected) {
    assertEquals(expected, WebhookSender.classify(status).result());
  }

  @Test
  void retriesComeAfterOneFiveFifteenMinutesThenHourly() {
    assertEquals(
        List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            Duration.ofHours(1)),
        List.of(1, 2, 3, 4, 9).stream().map(RetrySchedule::delayAfter).toList());
  }

  @Test
  void subjectsNameTheEvent() {
    NotificationChannel email = NotificationChannel.email("o@example.com");
    Delivery met = Deliveries.conditionMet(UUID.randomUUID(), email);
    Delivery recovered =
        Delivery.recovered(
            new Delivery.About(
                met.taskId(), met.userId(), "Line\r\nbreak", met.query(), met.condition()),
            met.executionId(),
            null,
            "fine again",
            List.of(new Source("javascript:alert(1)", "bad")),
            met.completedAt(),
            null,
            email);

    assertEquals("[Torale] iPhone 17 release: condition met", EmailComposer.subject(met));
    assertEquals("[Torale] Line break is working again", EmailComposer.subject(recovered));
    EmailMessage mail = new EmailComposer(null).compose(recovered);
    assertEquals(false, mail.html().contains("javascript:"), mail.html());
    assertEquals(false, mail.text().contains("View the task"), mail.text());
    assertEquals(true, mail.text().contains("Next check: none scheduled"), mail.text());
  }
}
