package ai.torale.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as a separate process, started from config.yml with environment variables, and
 * killable.
 */
public final class ServiceProcess implements AutoCloseable {
  /** Attempts to start when a chosen port was taken before the service bound it. */
  private static final int STARTS = 3;

  private final Map<String, String> env;
  private final Path log;
  private int port;
  private int adminPort;
  private int temporalPort;
  private Process process;

  /**
   * The environment of a service on {@code database}, with {@code adminKey} as its admin's key and
   * the Gemini provider pointed at {@code gemini}; callers add their own settings.
   */
  public static Map<String, String> withGemini(
      TestDatabase database, String adminKey, GeminiServer gemini) {
    Map<String, String> env = new HashMap<>();
    env.put("TORALE_DATABASE_URL", database.url());
    env.put("TORALE_DATABASE_USER", database.user());
    env.put("TORALE_DATABASE_PASSWORD", database.password());
    env.put("TORALE_ADMIN_API_KEY", adminKey);
    env.put("TORALE_SEARCH_PROVIDER", "gemini");
    env.put("GEMINI_API_KEY", "test-key");
    env.put("TORALE_GEMINI_BASE_URL", gemini.baseUrl());
    env.put("TORALE_LOG_LEVEL", "WARN");
    return env;
  }

  /** {@link #withGemini}, and webhooks may go to plain-http receivers on this host. */
  public static Map<String, String> withLocalWebhooks(
      TestDatabase database, String adminKey, GeminiServer gemini) {
    Map<String, String> env = withGemini(database, adminKey, gemini);
    env.put("TORALE_WEBHOOK_ALLOW_HTTP", "true");
    env.put("TORALE_WEBHOOK_ALLOW_PRIVATE", "true");
    return env;
  }

  public ServiceProcess(Map<String, String> env, Path log) {
    this.env = new HashMap<>(env);
    this.log = log;
  }

  /**
   * Starts the service on free ports and waits until it answers. A port is free when chosen and
   * bound by the service seconds later; if anything took it meanwhile, the service starts again on
   * other ports.
   */
  public void start() throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      port = ToraleApp.freePort();
      adminPort = ToraleApp.freePort();
      temporalPort = ToraleApp.freePort();
      long logged = Files.exists(log) ? Files.size(log) : 0;
      launch();
      try {
        awaitHealthy();
        return;
      } catch (IllegalStateException e) {
        if (attempt == STARTS || process.isAlive() || !portTakenSince(logged)) {
          throw e;
        }
      }
    }
  }

  private boolean portTakenSince(long offset) throws IOException {
    try (var in = Files.newInputStream(log)) {
      in.skipNBytes(offset);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .contains("Address already in use");
    }
  }

  private void launch() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "ai.torale.app.ToraleApplication",
            "server",
            ToraleApp.configPath().toString());
    builder.environment().putAll(env);
    builder.environment().put("TORALE_PORT", String.valueOf(port));
    builder.environment().put("TORALE_ADMIN_PORT", String.valueOf(adminPort));
    builder.environment().put("TORALE_TEMPORAL_EMBEDDED_PORT", String.valueOf(temporalPort));
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
  }

  /** SIGKILL: no shutdown hooks, no graceful stop; whatever was in flight is cut. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * SIGTERM, as an orchestrator stops the service: true when it exited within {@code wait}, else it
   * is killed.
   */
  public boolean terminate(Duration wait) throws InterruptedException {
    process.destroy();
    boolean exited = process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      kill();
    }
    return exited;
  }

  public int temporalPort() {
    return temporalPort;
  }

  public Api api() {
    return new Api(port);
  }

  private void awaitHealthy() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The service exited; see " + log);
      }
      try {
        HttpResponse<Void> ping =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ping"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (ping.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("The service did not start; see " + log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }

  public static Path logFile(String name) {
    File dir = new File("target/process-logs");
    dir.mkdirs();
    return dir.toPath().resolve(name + ".log");
  }
}
