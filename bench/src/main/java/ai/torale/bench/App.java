package ai.torale.bench;

import ai.torale.app.ToraleApplication;
import ai.torale.app.ToraleConfiguration;
import ai.torale.auth.ApiKeys;
import ai.torale.tasks.Reconciler;
import ai.torale.temporal.TemporalRuntime;
import ai.torale.temporal.WorkerCapacity;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The real service (the project's config.yml with overrides, as the tests start it) on the bench
 * database, an embedded Temporal server in real time on a free port, and the Gemini provider
 * pointed at the mock.
 */
final class App implements AutoCloseable {
  final String adminKey = ApiKeys.generate();
  private final Database database;
  private final GeminiMock mock;
  private final List<ConfigOverride> extra;
  private DropwizardTestSupport<ToraleConfiguration> support;
  private int temporalPort;

  App(Database database, GeminiMock mock, ConfigOverride... extra) {
    this.database = database;
    this.mock = mock;
    this.extra = List.of(extra);
  }

  /** Starts the service; returns how long it took, in milliseconds. */
  long start() {
    long began = System.nanoTime();
    temporalPort = freePort();
    List<ConfigOverride> overrides =
        new ArrayList<>(
            List.of(
                ConfigOverride.config("database.url", database.url),
                ConfigOverride.config("database.user", database.user),
                ConfigOverride.config("database.password", database.password),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("temporal.address", ""),
                ConfigOverride.config("temporal.embeddedPort", String.valueOf(temporalPort)),
                ConfigOverride.config("auth.mode", "apikey"),
                ConfigOverride.config("auth.adminApiKey", adminKey),
                ConfigOverride.config("search.provider", "gemini"),
                ConfigOverride.config("search.geminiApiKey", "bench-key"),
                ConfigOverride.config("search.geminiBaseUrl", mock.baseUrl()),
                ConfigOverride.config("search.geminiModel", "bench-model"),
                // The mock's grounding links point at Google's redirect host; resolving them would
                // measure this machine's
                // (absent) internet, not Torale.
                ConfigOverride.config("search.resolveGroundingLinks", "false"),
                ConfigOverride.config("search.dailyCheckBudget", "0"),
                // The bench is one user driving thousands of tasks and checks: no per-user quotas.
                ConfigOverride.config("quotas.tasks", "0"),
                ConfigOverride.config("quotas.activeTasks", "0"),
                ConfigOverride.config("quotas.manualRunsPerHour", "0"),
                ConfigOverride.config("quotas.dailyChecks", "0"),
                // Figures go to stdout; the service logs only errors, to stderr.
                ConfigOverride.config(
                    "logging.level", System.getProperty("bench.logLevel", "ERROR")),
                ConfigOverride.config("logging.appenders[0].target", "stderr")));
    overrides.addAll(extra);
    support =
        new DropwizardTestSupport<>(
            BenchApplication.class,
            configPath().toString(),
            overrides.toArray(ConfigOverride[]::new));
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException("The service did not start", e);
    }
    return (System.nanoTime() - began) / 1_000_000;
  }

  void stop() {
    if (support != null) {
      support.after();
      support = null;
    }
  }

  Http http() {
    return new Http(support.getLocalPort());
  }

  /**
   * A client on the service's own connection to the embedded Temporal server (its in-process
   * channel) and with its options (its payload converter among them), so the floor's bare workflows
   * reach the server the same way the monitors do.
   */
  WorkflowClient temporal() {
    TemporalRuntime service = ((ToraleApplication) support.getApplication()).temporal();
    return WorkflowClient.newInstance(service.stubs(), service.client().getOptions());
  }

  /** The worker's capacity as the service runs it, for floors that should run as well. */
  WorkerCapacity capacity() {
    return support.getConfiguration().getTemporal().settings().worker();
  }

  /** The service's metrics, as its admin port exports them. */
  MetricRegistry metrics() {
    return support.getEnvironment().metrics();
  }

  /** The service's reconciler, to time one pass. */
  Reconciler reconciler() {
    return ((ToraleApplication) support.getApplication()).reconciler();
  }

  /** A pool on the bench database with the service's settings, for the floors. */
  Jdbi floorJdbi() {
    return ((BenchApplication) support.getApplication()).floorJdbi();
  }

  /** The bench-only create and update floors. */
  WriteFloors writeFloors() {
    return ((BenchApplication) support.getApplication()).writeFloors();
  }

  @Override
  public void close() {
    stop();
  }

  static Path configPath() {
    String given = System.getProperty("bench.config");
    if (given != null) {
      return Path.of(given).toAbsolutePath();
    }
    for (Path p : List.of(Path.of("config.yml"), Path.of("..", "config.yml"))) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    try (InputStream in = App.class.getResourceAsStream("/bench/config.yml")) {
      Path copy = Files.createTempFile("torale-bench", ".yml");
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      copy.toFile().deleteOnExit();
      return copy;
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("No config.yml found", e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
