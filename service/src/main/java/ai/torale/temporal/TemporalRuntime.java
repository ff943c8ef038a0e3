package ai.torale.temporal;

import ai.torale.monitor.MonitorSearchAttributes;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.MonitorWorkflowImpl;
import io.dropwizard.lifecycle.Managed;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to Temporal: a real cluster when an address is configured, else the Temporal test
 * server in this JVM in real time. Owns the client and, when enabled, the worker that runs
 * monitors.
 */
public final class TemporalRuntime implements Managed {
  private static final Logger log = LoggerFactory.getLogger(TemporalRuntime.class);

  private final TemporalSettings settings;
  private final EmbeddedTemporal embedded;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private WorkerFactory workers;

  private TemporalRuntime(
      TemporalSettings settings, EmbeddedTemporal embedded, WorkflowServiceStubs stubs) {
    this.settings = settings;
    this.embedded = embedded;
    this.stubs = stubs;
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build());
  }

  public static TemporalRuntime connect(
      TemporalSettings settings, com.uber.m3.tally.Scope metrics) {
    EmbeddedTemporal embedded = null;
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder();
    if (settings.address() == null || settings.address().isBlank()) {
      embedded = EmbeddedTemporal.start(settings.embeddedBindAddress(), settings.embeddedPort());
      options.setChannel(embedded.channel());
      log.info(
          "Embedded Temporal test server on {}:{} (in memory; monitors are reconciled from PostgreSQL)",
          embedded.address().getHostString(),
          embedded.address().getPort());
    } else {
      options.setTarget(settings.address());
    }
    Duration timeout = settings.rpcTimeout();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            options
                .setRpcTimeout(timeout)
                .setMetricsScope(metrics)
                // An unreachable cluster must turn into a quick 503, not a request that hangs.
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setExpiration(timeout)
                        .setInitialInterval(Duration.ofMillis(100))
                        .setMaximumInterval(Duration.ofSeconds(1))
                        .validateBuildWithDefaults())
                .build());
    return new TemporalRuntime(settings, embedded, stubs);
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  public boolean embedded() {
    return embedded != null;
  }

  /**
   * Registers Torale's search attributes on the namespace when it may (the embedded server always
   * lets it; a cluster may refuse), and says whether they are there. Without them monitors simply
   * do not upsert them.
   */
  public boolean registerSearchAttributes() {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(settings.namespace())
                  .putAllSearchAttributes(MonitorSearchAttributes.ALL)
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS || alreadyRegistered(operator)) {
        return true;
      }
      log.warn(
          "Temporal search attributes {} are not registered and cannot be ({}); monitors run without them",
          MonitorSearchAttributes.ALL.keySet(),
          e.getStatus().getCode());
      return false;
    } finally {
      operator.shutdown();
    }
  }

  private boolean alreadyRegistered(OperatorServiceStubs operator) {
    try {
      Map<String, IndexedValueType> existing =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder()
                      .setNamespace(settings.namespace())
                      .build())
              .getCustomAttributesMap();
      return existing.keySet().containsAll(MonitorSearchAttributes.ALL.keySet());
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  /**
   * Registers the monitor workflow and its activities; the worker starts polling with {@link
   * #start()}.
   */
  public void registerWorker(List<Object> activities) {
    workers = WorkerFactory.newInstance(client);
    Worker worker = workers.newWorker(MonitorWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MonitorWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
  }

  public boolean workerRunning() {
    return workers != null && workers.isStarted() && !workers.isShutdown();
  }

  @Override
  public void start() {
    if (workers != null) {
      workers.start();
      log.info("Worker polling task queue {}", MonitorWorkflow.TASK_QUEUE);
    }
  }

  @Override
  public void stop() throws InterruptedException {
    if (workers != null) {
      // New polls stop at once; activities in flight get the grace period to finish.
      workers.shutdown();
      workers.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    }
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    if (embedded != null) {
      embedded.close();
    }
  }
}
