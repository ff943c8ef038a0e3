package ai.torale.temporal;

import ai.torale.digest.DigestWorkflowImpl;
import ai.torale.monitor.MonitorSearchAttributes;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.MonitorWorkflowImpl;
import ai.torale.search.http.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.lifecycle.Managed;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
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

  /**
   * How long interrupted activities get to end, and the connection to close: each is quick unless
   * stuck, and the stop does not wait longer for either.
   */
  private static final Duration CLOSING = Duration.ofSeconds(1);

  /**
   * Temporal's converter, its JSON mapper on shared buffers: workflow and activity code runs on
   * virtual threads (the worker's capacity), each converting its payloads on a fresh thread.
   */
  static final ObjectMapper PAYLOAD_JSON =
      Json.sharedBuffers(JacksonJsonPayloadConverter.newDefaultObjectMapper());

  static final DataConverter PAYLOADS = onSharedBuffers(DefaultDataConverter.newDefaultInstance());

  static {
    // What the SDK writes for itself (search attribute values, markers' details) goes through its
    // standard converter, whichever the client's is: on a fresh virtual thread each encoding took
    // Jackson's per-thread buffers anew (19 KB for one date). Its documented override changes the
    // buffers' source only: the same mapping, the same bytes.
    if (DefaultDataConverter.STANDARD_INSTANCE instanceof DefaultDataConverter standard) {
      onSharedBuffers(standard);
    }
  }

  private static DefaultDataConverter onSharedBuffers(DefaultDataConverter converter) {
    return converter.withPayloadConverterOverrides(new JacksonJsonPayloadConverter(PAYLOAD_JSON));
  }

  private final TemporalSettings settings;
  private final EmbeddedTemporal embedded;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private WorkerFactory workers;
  private StopBudget stopping;

  private TemporalRuntime(
      TemporalSettings settings, EmbeddedTemporal embedded, WorkflowServiceStubs stubs) {
    this.settings = settings;
    this.embedded = embedded;
    this.stubs = stubs;
    this.client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(settings.namespace())
                .setDataConverter(PAYLOADS)
                .build());
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
   * #start()} and stops within its share of {@code stopping}.
   */
  public void registerWorker(List<Object> activities, StopBudget stopping) {
    this.stopping = stopping;
    workers = WorkerFactory.newInstance(client, settings.worker().factoryOptions());
    Worker worker =
        workers.newWorker(MonitorWorkflow.TASK_QUEUE, settings.worker().workerOptions());
    worker.registerWorkflowImplementationTypes(MonitorWorkflowImpl.class, DigestWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
  }

  public boolean workerRunning() {
    return workers != null && workers.isStarted() && !workers.isShutdown();
  }

  @Override
  public void start() {
    if (workers != null) {
      workers.start();
      WorkerCapacity capacity = settings.worker();
      log.info(
          "Worker polling task queue {}: up to {} activities at once, {} monitors cached, {}",
          MonitorWorkflow.TASK_QUEUE,
          capacity.maxConcurrentActivities(),
          capacity.workflowCacheSize(),
          capacity.virtualThreads() ? "on virtual threads" : "on platform threads");
    }
  }

  @Override
  public void stop() throws InterruptedException {
    if (workers != null) {
      stopWorker();
    }
    stubs.shutdown();
    if (!stubs.awaitTermination(CLOSING.toMillis(), TimeUnit.MILLISECONDS)) {
      stubs.shutdownNow();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  /**
   * New polls stop at once, so no check or delivery starts; the activities in flight get what the
   * stop budget leaves them to finish, then are interrupted. A cluster retries an interrupted
   * activity on another worker; the embedded server forgets it when it closes, and what it leaves
   * unfinished is recorded after that.
   */
  private void stopWorker() throws InterruptedException {
    workers.shutdown();
    Duration share = stopping.forActivities();
    log.info("Worker stopped polling; activities in flight get {} ms to finish", share.toMillis());
    workers.awaitTermination(share.toMillis(), TimeUnit.MILLISECONDS);
    if (workers.isTerminated()) {
      return;
    }
    log.warn("Activities still running after {} ms: interrupting them", share.toMillis());
    workers.shutdownNow();
    workers.awaitTermination(CLOSING.toMillis(), TimeUnit.MILLISECONDS);
    if (!workers.isTerminated()) {
      log.warn("Activities ignored the interruption; the worker stops without them");
    }
  }
}
