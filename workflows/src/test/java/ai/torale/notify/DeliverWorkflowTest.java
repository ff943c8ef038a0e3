package ai.torale.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.notify.NotifyActivities.Delivery;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries, restarts and crashes through Temporal itself (time skipping turns hours of backoff into
 * milliseconds); the receiver is a real local HTTP server and must see each notification exactly
 * once.
 */
class DeliverWorkflowTest {
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final InMemoryDeliveryStore store = new InMemoryDeliveryStore();
  final Clock clock = Clock.systemUTC();
  WebhookReceiver receiver;

  @AfterEach
  void stop() {
    env.close();
    if (receiver != null) {
      receiver.close();
    }
  }

  NotifyActivitiesImpl newActivities() {
    return WebhookDeliveryTest.activities(store, clock, true);
  }

  WorkerFactory startWorker(WorkerFactory factory) {
    Worker worker = factory.newWorker(DeliverWorkflow.QUEUE);
    worker.registerWorkflowImplementationTypes(DeliverWorkflow.Impl.class);
    worker.registerActivitiesImplementations(newActivities());
    factory.start();
    return factory;
  }

  WorkerFactory startActivityWorker(WorkerFactory factory) {
    factory.newWorker(DeliverWorkflow.QUEUE).registerActivitiesImplementations(newActivities());
    factory.start();
    return factory;
  }

  void run(Delivery delivery) {
    DeliverWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                DeliverWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(DeliverWorkflow.QUEUE)
                    .setWorkflowId("deliver-" + UUID.randomUUID())
                    .build());
    workflow.deliver(delivery);
  }

  Set<String> deliveryIds() {
    return receiver.received().stream()
        .map(r -> r.header("X-Torale-Delivery"))
        .collect(Collectors.toSet());
  }

  @Test
  void aReceiverThatIsDownThenUpGetsTheNotificationOnce() {
    receiver = WebhookReceiver.down();
    // The first attempt finds nothing listening; the receiver comes up, then answers 503 once, then
    // 200.
    store.onRecord(attempt -> {
      if (store.attempts().size() == 1) {
        receiver.answering(503).start();
      }
    });
    startWorker(env.getWorkerFactory());

    run(Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h"))));

    assertEquals(
        List.of(DeliveryResult.RETRYING, DeliveryResult.RETRYING, DeliveryResult.DELIVERED),
        store.results());
    assertEquals(
        List.of(1, 2, 3), store.attempts().stream().map(DeliveryAttempt::attempt).toList());
    assertEquals(2, receiver.received().size());
    assertEquals(1, deliveryIds().size());
    assertEquals(
        1, store.attempts().stream().filter(a -> a.result() == DeliveryResult.DELIVERED).count());
  }

  @Test
  void aWorkerRestartBetweenAttemptsDeliversOnce() throws Exception {
    receiver = WebhookReceiver.up().answering(500);
    WorkflowClient client = env.getWorkflowClient();
    // Workflows run on a worker of their own, so only the activity side restarts (no sticky
    // workflow cache to lose).
    WorkerFactory workflows = WorkerFactory.newInstance(client);
    workflows
        .newWorker(DeliverWorkflow.QUEUE)
        .registerWorkflowImplementationTypes(DeliverWorkflow.Impl.class);
    workflows.start();
    WorkerFactory first = startActivityWorker(WorkerFactory.newInstance(client));
    Delivery delivery =
        Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")));
    WorkflowClient.start(
        client.newWorkflowStub(
                DeliverWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(DeliverWorkflow.QUEUE)
                    .setWorkflowId("restart")
                    .build())
            ::deliver,
        delivery);
    // Stop the first worker only once the server knows attempt 1 failed and has attempt 2 waiting
    // out its backoff.
    while (pendingAttempt(client, "restart") < 2) {
      Thread.sleep(10);
    }
    first.shutdownNow();
    first.awaitTermination(10, TimeUnit.SECONDS);

    // A new process: new activity instances, the same database.
    startActivityWorker(WorkerFactory.newInstance(client));
    // Time stood still until now (the environment locks it until started), so attempt 2 waited for
    // this worker.
    env.start();
    client.newUntypedWorkflowStub("restart").getResult(Void.class);

    assertEquals(List.of(DeliveryResult.RETRYING, DeliveryResult.DELIVERED), store.results());
    assertEquals(2, receiver.received().size());
    assertEquals(1, deliveryIds().size());
    // The duplicate execution after the restart finds the delivery made and sends nothing.
    newActivities().deliver(delivery);
    assertEquals(2, receiver.received().size());
  }

  static int pendingAttempt(WorkflowClient client, String workflowId) {
    var described =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build());
    return described.getPendingActivitiesCount() == 0
        ? 0
        : described.getPendingActivities(0).getAttempt();
  }

  @Test
  void aWorkerThatDiesAfterDeliveringDoesNotDeliverAgain() {
    receiver = WebhookReceiver.up();
    // The attempt is recorded, then the worker "dies" before telling Temporal: the activity fails
    // and is retried.
    store.onRecord(attempt -> {
      if (store.attempts().size() == 1) {
        throw new IllegalStateException("worker died");
      }
    });
    startWorker(env.getWorkerFactory());

    run(Deliveries.conditionMet(UUID.randomUUID(), Deliveries.webhook(receiver.url("/h"))));

    assertEquals(1, receiver.received().size());
    assertEquals(List.of(DeliveryResult.DELIVERED), store.results());
  }

  @Test
  void aPermanentRefusalEndsTheActivityWithoutRetries() {
    receiver = WebhookReceiver.up().answering(404);
    startWorker(env.getWorkerFactory());

    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            () ->
                run(
                    Deliveries.conditionMet(
                        UUID.randomUUID(), Deliveries.webhook(receiver.url("/h")))));

    assertTrue(
        failed.getCause().getCause().getMessage().contains("HTTP 404"),
        failed.getCause().toString());
    assertEquals(List.of(DeliveryResult.FAILED), store.results());
    assertEquals(1, receiver.received().size());
  }
}
