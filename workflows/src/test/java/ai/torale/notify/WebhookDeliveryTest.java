package ai.torale.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.notify.NotifyActivities.Delivery;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook channel against a real local receiver, driving the activity directly. */
class WebhookDeliveryTest {
  static final Instant NOW = Instant.parse("2026-11-28T10:16:00Z");
  static final SmtpSettings NO_SMTP = new SmtpSettings("", 0, null, null, null, false);

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final InMemoryDeliveryStore store = new InMemoryDeliveryStore();
  final WebhookReceiver receiver = WebhookReceiver.up();

  @AfterEach
  void stop() {
    receiver.close();
  }

  static NotifyActivitiesImpl activities(DeliveryStore store, Clock clock, boolean allowPrivate) {
    return new Notifications(new WebhookSettings(true, allowPrivate), NO_SMTP, null, store, clock)
        .activities();
  }

  NotifyActivitiesImpl activities() {
    return activities(store, clock, true);
  }

  @Test
  void postsTheSignedEnvelopeWithEveryHeader() throws Exception {
    UUID execution = UUID.randomUUID();
    Delivery delivery =
        Deliveries.conditionMet(execution, Deliveries.webhook(receiver.url("/hooks/torale")));

    activities().deliver(delivery);

    WebhookReceiver.Received got = receiver.received().get(0);
    assertEquals("POST", got.method());
    assertEquals("/hooks/torale", got.path());
    String t = Long.toString(NOW.getEpochSecond());
    assertEquals(t, got.header("X-Torale-Timestamp"));
    assertEquals(
        "t=" + t + ",v1=" + hmac(Deliveries.SECRET, t, got.body()),
        got.header("X-Torale-Signature"));
    assertEquals("task.condition_met", got.header("X-Torale-Event"));
    UUID deliveryId =
        new DeliveryKey(execution, "webhook", receiver.url("/hooks/torale"), "task.condition_met")
            .id();
    assertEquals(deliveryId.toString(), got.header("X-Torale-Delivery"));
    assertEquals("Torale-Webhooks/1", got.header("User-Agent"));
    assertEquals("application/json", got.header("Content-Type"));
    assertEquals("Bearer receiver-token", got.header("Authorization"));

    JsonNode json = new ObjectMapper().readTree(got.body());
    assertEquals(deliveryId.toString(), json.get("id").asText());
    assertEquals("task.condition_met", json.get("event_type").asText());
    assertEquals("2026-11-28T10:15:30Z", json.get("created_at").asText());
    assertEquals("event", json.get("object").asText());
    assertEquals("v1", json.get("api_version").asText());
    JsonNode data = json.get("data");
    assertEquals(Deliveries.TASK.toString(), data.at("/task/id").asText());
    assertEquals("iPhone 17 release", data.at("/task/name").asText());
    assertEquals("When is the iPhone 17 released?", data.at("/task/search_query").asText());
    assertEquals("Apple announced a release date", data.at("/task/condition_description").asText());
    assertEquals(execution.toString(), data.at("/execution/id").asText());
    assertTrue(data.at("/execution/notification").asText().startsWith("Apple announced"));
    assertEquals("2026-11-28T10:15:30Z", data.at("/execution/completed_at").asText());
    assertEquals("The iPhone 17 ships on September 19.", data.at("/result/answer").asText());
    assertEquals(
        "https://www.apple.com/newsroom/", data.at("/result/grounding_sources/0/url").asText());
    assertEquals("Apple Newsroom", data.at("/result/grounding_sources/0/title").asText());
    assertTrue(data.path("error").isMissingNode());

    DeliveryAttempt recorded = store.attempts().get(0);
    assertEquals(DeliveryResult.DELIVERED, recorded.result());
    assertEquals(200, recorded.statusCode());
    assertEquals(receiver.url("/hooks/torale"), recorded.target());
    assertEquals(1, recorded.attempt());
    assertEquals(NOW, recorded.at());
  }

  @Test
  void failingEventCarriesTheErrorAndNoResult() throws Exception {
    activities()
        .deliver(Deliveries.failing(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h"))));

    WebhookReceiver.Received got = receiver.received().get(0);
    assertEquals("task.failing", got.header("X-Torale-Event"));
    JsonNode json = new ObjectMapper().readTree(got.body());
    assertEquals("task.failing", json.get("event_type").asText());
    assertEquals("The search provider rejected the API key", json.at("/data/error").asText());
    assertTrue(json.at("/data/result").isMissingNode());
  }

  @Test
  void aDuplicateExecutionPostsOnce() {
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));

    activities().deliver(delivery);
    activities().deliver(delivery);
    // A new worker (a new instance on the same storage) sees the delivery made, too.
    activities(store, clock, true).deliver(delivery);

    assertEquals(1, receiver.received().size());
    assertEquals(List.of(DeliveryResult.DELIVERED), store.results());
  }

  @Test
  void concurrentDuplicatesPostOnce() throws Exception {
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));
    NotifyActivitiesImpl activities = activities();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(
            pool.submit(() -> {
              try {
                activities.deliver(delivery);
              } catch (ApplicationFailure inProgress) {
                // the losers are told to come back later; Temporal would retry them and find
                // the delivery made
              }
            }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdown();
    }
    activities.deliver(delivery);

    assertEquals(1, receiver.received().size());
    assertEquals(List.of(DeliveryResult.DELIVERED), store.results());
  }

  @Test
  void theSecretAndHeadersComeFromStorageNotFromTheWorkflowsCopy() throws Exception {
    NotificationChannel stored = Deliveries.webhook(receiver.url("/hooks/stored"));
    store.taskChannels(Deliveries.TASK, List.of(stored));
    NotificationChannel carried = stored.withoutSecret();
    assertNull(carried.secret());
    assertNull(carried.headers());

    activities().deliver(Deliveries.conditionMet(UUID.randomUUID(), carried));

    WebhookReceiver.Received got = receiver.received().get(0);
    String t = Long.toString(NOW.getEpochSecond());
    assertEquals(
        "t=" + t + ",v1=" + hmac(Deliveries.SECRET, t, got.body()),
        got.header("X-Torale-Signature"));
    assertEquals("Bearer receiver-token", got.header("Authorization"));
  }

  @Test
  void aWebhookTheTaskNoLongerHasAtThatUrlIsRefused() {
    store.taskChannels(Deliveries.TASK, List.of(Deliveries.webhook(receiver.url("/hooks/edited"))));
    Delivery delivery =
        Deliveries.conditionMet(
            UUID.randomUUID(), Deliveries.webhook(receiver.url("/hooks/old")).withoutSecret());

    assertThrows(ApplicationFailure.class, () -> activities().deliver(delivery));

    assertEquals(List.of(DeliveryResult.REFUSED), store.results());
    assertTrue(receiver.received().isEmpty());
  }

  @Test
  void twoWebhooksOfOneTaskAreEachDelivered() {
    UUID execution = UUID.randomUUID();
    activities()
        .deliver(Deliveries.conditionMet(execution, Deliveries.webhook(receiver.url("/one"))));
    activities()
        .deliver(Deliveries.conditionMet(execution, Deliveries.webhook(receiver.url("/two"))));

    assertEquals(
        List.of("/one", "/two"),
        receiver.received().stream().map(WebhookReceiver.Received::path).toList());
  }

  @Test
  void serverErrorsAreRetriedLaterAndTheAttemptRecorded() {
    receiver.answering(503);
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> activities().deliver(delivery));

    assertEquals(false, failure.isNonRetryable());
    assertEquals(java.time.Duration.ofMinutes(1), failure.getNextRetryDelay());
    DeliveryAttempt recorded = store.attempts().get(0);
    assertEquals(DeliveryResult.RETRYING, recorded.result());
    assertEquals(503, recorded.statusCode());
    assertEquals("the receiver answered HTTP 503", recorded.error());
  }

  @Test
  void clientErrorsStopAtOnce() {
    receiver.answering(410);
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> activities().deliver(delivery));

    assertTrue(failure.isNonRetryable());
    assertEquals(List.of(DeliveryResult.FAILED), store.results());
  }

  @Test
  void redirectsAreNotFollowed() {
    receiver.answering(302);
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> activities().deliver(delivery));

    assertTrue(failure.isNonRetryable());
    assertEquals(1, receiver.received().size());
  }

  @Test
  void theLastAttemptBeforeTheDeadlineIsRecordedAsFailed() {
    receiver.answering(500);
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));
    // Queued a day less 30 s ago: the next attempt would come after the day's end.
    store.queue(delivery, NOW.minus(Duration.ofDays(1)).plusSeconds(30));

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> activities().deliver(delivery));

    assertTrue(failure.isNonRetryable());
    assertEquals(List.of(DeliveryResult.FAILED), store.results());
  }

  @Test
  void aDeliveryClaimedByAnotherAttemptIsNotSentNowNorRecorded() {
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));
    DeliveryKey key =
        new DeliveryKey(
            delivery.executionId(), "webhook", receiver.url("/h"), delivery.event().wire());
    store.claim(delivery, key, NOW, NOW.plusSeconds(60));

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> activities().deliver(delivery));

    assertEquals(false, failure.isNonRetryable());
    assertEquals(0, receiver.received().size());
    assertTrue(store.attempts().isEmpty());
  }

  @Test
  void loopbackReceiversAreRefusedByDefaultAndNotRetried() {
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));

    ApplicationFailure failure =
        assertThrows(
            ApplicationFailure.class, () -> activities(store, clock, false).deliver(delivery));

    assertTrue(failure.isNonRetryable());
    assertEquals(0, receiver.received().size());
    DeliveryAttempt recorded = store.attempts().get(0);
    assertEquals(DeliveryResult.REFUSED, recorded.result());
    assertNull(recorded.statusCode());
  }

  @Test
  void secretsAndHeaderValuesStayOutOfRecordsAndFailures() {
    receiver.answering(500);
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> activities().deliver(delivery));

    String everything = failure.toString() + store.attempts();
    assertTrue(
        !everything.contains(Deliveries.SECRET) && !everything.contains("receiver-token"),
        everything);
  }

  /**
   * The receiver's side, written from the contract: HMAC-SHA256 over the bytes "<t>." followed by
   * the raw body.
   */
  static String hmac(String secret, String t, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
