package ai.torale.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/** A client of an embedded server on its in-process channel, and a worker polling one queue. */
final class InProcessWorker implements AutoCloseable {
  final WorkflowClient client;
  private final WorkerFactory workers;

  InProcessWorker(EmbeddedTemporal server, String queue, Class<?> workflow, Object activities) {
    client =
        WorkflowClient.newInstance(
            WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setChannel(server.channel()).build()));
    workers = WorkerFactory.newInstance(client);
    Worker worker = workers.newWorker(queue);
    worker.registerWorkflowImplementationTypes(workflow);
    worker.registerActivitiesImplementations(activities);
    workers.start();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    client.getWorkflowServiceStubs().shutdownNow();
  }
}
