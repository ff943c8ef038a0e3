package ai.torale.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.notify.DeliveryAttempt;
import ai.torale.notify.DeliveryKey;
import ai.torale.notify.DeliveryResult;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.Notifier;
import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.notify.NotifyActivitiesImpl;
import ai.torale.notify.SendOutcome;
import ai.torale.search.Source;
import ai.torale.support.TestClock;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The digest workflow in Temporal's time-skipping test server, with the real Deliver activity on an
 * in-memory store: held findings of two tasks become one digest per channel at the digest instant,
 * a repair's extra wakes never duplicate one, and a digest whose send fails goes out on a retry
 * under the same delivery id.
 */
class DigestWorkflowTest {
  static final String QUEUE = "digest-test";
  static final UUID USER = UUID.fromString("3f2b8c1e-0000-4000-8000-0000000000aa");
  static final Delivery.About RELEASES =
      new Delivery.About(UUID.randomUUID(), USER, "iPhone release", "When?", "A date is set");
  static final Delivery.About PRICES =
      new Delivery.About(UUID.randomUUID(), USER, "GPU prices", "Price?", "Under 500");
  static final NotificationChannel EMAIL = NotificationChannel.email("me@example.com");
  static final NotificationChannel WEBHOOK =
      new NotificationChannel(
          "webhook", null, "https://hooks.example.com/t", "POST", Map.of(), null);

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final InMemoryHeldStore store = new InMemoryHeldStore();
  final FakeChannel email = new FakeChannel("email");
  final FakeChannel webhook = new FakeChannel("webhook");
  Instant start;

  /**
   * Records what it sends; fails the first {@code failures} attempts, as a receiver that is down.
   */
  static final class FakeChannel implements Notifier {
    final String type;
    final List<Delivery> sent = new CopyOnWriteArrayList<>();
    final List<UUID> ids = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();

    FakeChannel(String type) {
      this.type = type;
    }

    @Override
    public String channelType() {
      return type;
    }

    @Override
    public SendOutcome send(Delivery delivery, DeliveryKey key) {
      ids.add(key.id());
      if (failures.getAndDecrement() > 0) {
        return SendOutcome.retrying(503, "down");
      }
      sent.add(delivery);
      return SendOutcome.delivered(200);
    }
  }

  @BeforeEach
  void startWorker() {
    start = Instant.ofEpochMilli(env.currentTimeMillis());
    TestClock clock = new TestClock(() -> Instant.ofEpochMilli(env.currentTimeMillis()));
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(DigestWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new DigestActivitiesImpl(store, clock),
        new NotifyActivitiesImpl(store, List.of(email, webhook), clock));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  /** What the service does when a record holds deliveries: signal-with-start. */
  void wake() {
    WorkflowClient client = env.getWorkflowClient();
    DigestWorkflow stub =
        client.newWorkflowStub(
            DigestWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId(DigestWorkflow.workflowId(USER))
                .build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(stub::run, USER);
    batch.add(stub::wake);
    client.signalWithStart(batch);
  }

  Delivery finding(Delivery.About task, NotificationChannel channel, String news) {
    return Delivery.conditionMet(
        task,
        UUID.randomUUID(),
        news,
        news,
        List.of(new Source("https://example.com/" + news.length(), "Source")),
        start,
        null,
        channel);
  }

  /** Four findings (two tasks × two channels) held for the digest an hour from now. */
  Instant holdFindingsOfTwoTasks() {
    Instant digestAt = start.plus(Duration.ofHours(1));
    for (Delivery.About task : List.of(RELEASES, PRICES)) {
      for (NotificationChannel channel : List.of(EMAIL, WEBHOOK)) {
        store.hold(finding(task, channel, task.taskName() + " news"), start, digestAt, true);
      }
    }
    return digestAt;
  }

  void awaitEnd() {
    WorkflowStub.fromTyped(
            env.getWorkflowClient()
                .newWorkflowStub(DigestWorkflow.class, DigestWorkflow.workflowId(USER)))
        .getResult(Void.class);
  }

  @Test
  void heldFindingsOfTwoTasksGoOutAsOneDigestPerChannelAtTheDigestInstant() {
    Instant digestAt = holdFindingsOfTwoTasks();
    wake();
    env.sleep(Duration.ofMinutes(59));
    assertEquals(0, email.sent.size() + webhook.sent.size(), "nothing before the digest");

    env.sleep(Duration.ofMinutes(2));
    awaitEnd();
    for (FakeChannel channel : List.of(email, webhook)) {
      assertEquals(1, channel.sent.size(), channel.type + ": one digest");
      Delivery digest = channel.sent.get(0);
      assertEquals(NotificationEvent.DIGEST, digest.event());
      assertEquals(2, digest.digestItems().size());
      assertEquals(
          List.of(RELEASES.taskId(), PRICES.taskId()),
          digest.digestItems().stream().map(Delivery::taskId).toList());
      assertTrue(!digest.completedAt().isBefore(digestAt), "made at the digest instant");
    }
    assertTrue(store.allFinished());
  }

  @Test
  void aRepairsExtraWakesNeverDuplicateADigest() {
    holdFindingsOfTwoTasks();
    wake();
    env.sleep(Duration.ofMinutes(30));
    wake(); // a repair pass, while the workflow waits
    env.sleep(Duration.ofMinutes(31));
    wake(); // and again after the digest: a new run finds it made
    env.sleep(Duration.ofMinutes(1));
    awaitEnd();
    assertEquals(1, email.sent.size());
    assertEquals(1, webhook.sent.size());
  }

  @Test
  void aDigestWhoseSendFailsIsRetriedUnderTheSameDeliveryId() {
    holdFindingsOfTwoTasks();
    webhook.failures.set(2);
    wake();
    env.sleep(Duration.ofHours(2));
    awaitEnd();
    assertEquals(1, webhook.sent.size());
    assertEquals(3, webhook.ids.size(), "two failed attempts and the one that worked");
    assertEquals(1, webhook.ids.stream().distinct().count(), "one delivery id for every attempt");
    List<DeliveryResult> results =
        store.attempts().stream()
            .filter(a -> a.channelType().equals("webhook"))
            .map(DeliveryAttempt::result)
            .toList();
    assertEquals(
        List.of(DeliveryResult.RETRYING, DeliveryResult.RETRYING, DeliveryResult.DELIVERED),
        results);
  }

  @Test
  void aLoneFindingHeldByQuietHoursGoesOutAsItselfWhenTheyEnd() {
    QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), ZoneId.of("UTC"));
    Instant end = night.endAfter(start).orElse(start.plus(Duration.ofMinutes(10)));
    Delivery lone = finding(RELEASES, EMAIL, "lone");
    store.hold(lone, start, end, false);
    wake();
    env.sleep(Duration.between(start, end).plusMinutes(1));
    awaitEnd();
    assertEquals(List.of(lone.key().id()), email.ids);
    assertEquals(NotificationEvent.CONDITION_MET, email.sent.get(0).event());
  }
}
