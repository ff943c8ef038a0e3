package ai.torale.support;

import ai.torale.app.ToraleApplication;
import ai.torale.app.ToraleConfiguration;
import ai.torale.auth.ApiKeys;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.tomcat.jdbc.pool.DataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;
import org.jdbi.v3.core.Jdbi;

/**
 * The whole service on a test database and an embedded Temporal server on a free port, started from
 * the project's own config.yml. It can be stopped and started again on the same database (restart
 * tests).
 */
public final class ToraleApp implements AutoCloseable {
  /** Connections the test and its own workers share; the service keeps its own pool. */
  public static final int POOL_SIZE = 20;

  public final String adminKey = ApiKeys.generate();
  public final int temporalPort = freePort();
  private final TestDatabase database;
  private final List<ConfigOverride> extra;
  private DropwizardTestSupport<ToraleConfiguration> support;
  private boolean withAdminKey = true;
  private DataSource pool;
  private Jdbi jdbi;

  public ToraleApp(TestDatabase database, ConfigOverride... extra) {
    this.database = database;
    this.extra = List.of(extra);
  }

  public static ToraleApp start(TestDatabase database, ConfigOverride... extra) {
    ToraleApp app = new ToraleApp(database, extra);
    app.start();
    return app;
  }

  public void start() {
    List<ConfigOverride> overrides = new ArrayList<>();
    if (database != null) {
      overrides.addAll(
          List.of(
              ConfigOverride.config("database.url", database.url()),
              ConfigOverride.config("database.user", database.user()),
              ConfigOverride.config("database.password", database.password())));
    }
    overrides.addAll(
        List.of(
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("temporal.embeddedPort", String.valueOf(temporalPort)),
            ConfigOverride.config("logging.level", "WARN")));
    if (withAdminKey) {
      overrides.add(ConfigOverride.config("auth.adminApiKey", adminKey));
    }
    overrides.addAll(extra);
    support =
        new DropwizardTestSupport<>(
            ToraleApplication.class,
            configPath().toString(),
            overrides.toArray(ConfigOverride[]::new));
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException("The service did not start", e);
    }
  }

  /** Starts like a fresh install: no bootstrap admin key configured. */
  public ToraleApp withoutAdminKey() {
    this.withAdminKey = false;
    return this;
  }

  public void stop() {
    if (support != null) {
      support.after();
      support = null;
    }
  }

  public Api api() {
    return new Api(support.getLocalPort());
  }

  /** The running application, for a look at how it wired itself. */
  public ToraleApplication application() {
    return (ToraleApplication) support.getApplication();
  }

  /** The API's JSON mapper, as Dropwizard and the stores use it. */
  public com.fasterxml.jackson.databind.ObjectMapper objectMapper() {
    return support.getEnvironment().getObjectMapper();
  }

  public com.codahale.metrics.MetricRegistry metrics() {
    return support.getEnvironment().metrics();
  }

  public int apiPort() {
    return support.getLocalPort();
  }

  public int adminPort() {
    return support.getAdminPort();
  }

  /**
   * The test's own view of the database, pooled and bounded: a connection per query would let
   * hundreds of concurrent test activities exhaust the server's connection slots.
   */
  public synchronized Jdbi jdbi() {
    if (pool == null) {
      PoolProperties properties = new PoolProperties();
      properties.setDriverClassName("org.postgresql.Driver");
      properties.setUrl(database.url());
      properties.setUsername(database.user());
      properties.setPassword(database.password());
      properties.setMaxActive(POOL_SIZE);
      properties.setMaxIdle(POOL_SIZE);
      properties.setMinIdle(0);
      properties.setMaxWait(60_000);
      pool = new DataSource(properties);
      jdbi = Jdbi.create(pool);
    }
    return jdbi;
  }

  /**
   * A client of the embedded Temporal server whose calls pass through {@code calls}: a test counts
   * what a client sends, or answers some of it as the server would.
   */
  public WorkflowClient temporal(UnaryOperator<WorkflowClientCallsInterceptor> calls) {
    return WorkflowClient.newInstance(
        temporal().getWorkflowServiceStubs(),
        WorkflowClientOptions.newBuilder()
            .setInterceptors(
                new WorkflowClientInterceptorBase() {
                  @Override
                  public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
                      WorkflowClientCallsInterceptor next) {
                    return calls.apply(next);
                  }
                })
            .build());
  }

  /** A client of the embedded Temporal server, to look at monitors as an operator would. */
  public WorkflowClient temporal() {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort)
                .build());
    return WorkflowClient.newInstance(stubs);
  }

  @Override
  public void close() {
    stop();
    synchronized (this) {
      if (pool != null) {
        pool.close(true);
        pool = null;
      }
    }
  }

  public static Path configPath() {
    Path here = Path.of("config.yml").toAbsolutePath();
    return here.toFile().exists() ? here : Path.of("..", "config.yml").toAbsolutePath().normalize();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
