package ai.torale.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Everything config.yml can set; config.yml documents every key and the environment variable behind
 * it.
 */
public class ToraleConfiguration extends Configuration {

  @Valid @NotNull @JsonProperty private DataSourceFactory database = new DataSourceFactory();

  /** Where the embedded PostgreSQL keeps its data when no database URL is configured. */
  @NotNull @JsonProperty private String dataDir = "./data";

  @Valid @NotNull @JsonProperty private Temporal temporal = new Temporal();

  @Valid @NotNull @JsonProperty private Auth auth = new Auth();

  @Valid @NotNull @JsonProperty private Schedule schedule = new Schedule();

  @Valid @NotNull @JsonProperty private Search search = new Search();

  @Valid @NotNull @JsonProperty private Notify notify = new Notify();

  @Valid @NotNull @JsonProperty private Retention retention = new Retention();

  @Valid @NotNull @JsonProperty private Quotas quotas = new Quotas();

  public Quotas getQuotas() {
    return quotas;
  }

  /** Per-user limits; 0 is unlimited (config.yml names the variables). */
  public static class Quotas {
    @Min(0)
    @JsonProperty
    public int tasks = 100;

    @Min(0)
    @JsonProperty
    public int activeTasks = 50;

    @Min(0)
    @JsonProperty
    public int apiKeys = 20;

    @Min(0)
    @JsonProperty
    public int manualRunsPerHour = 30;

    @Min(0)
    @JsonProperty
    public int webhookTestsPerMinute = 10;

    @Min(0)
    @JsonProperty
    public int dailyChecks = 500;

    public ai.torale.quotas.QuotaSettings settings() {
      return new ai.torale.quotas.QuotaSettings(
          tasks, activeTasks, apiKeys, manualRunsPerHour, webhookTestsPerMinute, dailyChecks);
    }
  }

  /** The largest request body the API reads, counted after gzip inflation. */
  @NotNull @JsonProperty private DataSize maxRequestBody = DataSize.mebibytes(1);

  public DataSize getMaxRequestBody() {
    return maxRequestBody;
  }

  public Retention getRetention() {
    return retention;
  }

  public static class Retention {
    /**
     * Executions and delivery rows older than this are purged (a task's latest execution never is).
     */
    @JsonProperty public int days = 90;

    @NotNull @JsonProperty public Duration interval = Duration.hours(1);
  }

  public DataSourceFactory getDatabase() {
    return database;
  }

  public String getDataDir() {
    return dataDir;
  }

  public Temporal getTemporal() {
    return temporal;
  }

  public Auth getAuth() {
    return auth;
  }

  public Schedule getSchedule() {
    return schedule;
  }

  public Search getSearch() {
    return search;
  }

  public Notify getNotify() {
    return notify;
  }

  public static class Temporal {
    /**
     * host:port of a Temporal frontend; empty runs the Temporal test server in this JVM, in real
     * time.
     */
    @JsonProperty public String address = "";

    @JsonProperty public String namespace = "default";

    /** Port of the embedded server (other processes, e.g. a second worker, can connect to it). */
    @JsonProperty public int embeddedPort = 7233;

    /**
     * Interface of that port. It has no authentication: anything that reaches it reads every
     * monitor.
     */
    @NotNull @JsonProperty public String embeddedBindAddress = "127.0.0.1";

    @JsonProperty public boolean workerEnabled = true;

    /** How long an API call waits for Temporal before answering 503. */
    @NotNull @JsonProperty public Duration rpcTimeout = Duration.seconds(5);

    /** How often every unfinished task is checked for a running monitor. */
    @NotNull @JsonProperty public Duration reconcileInterval = Duration.minutes(5);

    /** How long a stopping service may take, from SIGTERM to exit ({@code StopBudget}). */
    @NotNull @JsonProperty public Duration shutdownGrace = Duration.seconds(20);

    /** Run the worker's activities on virtual threads, so a provider call holds no thread. */
    @JsonProperty public boolean virtualThreads = true;

    /** The most activities (provider calls, deliveries) the worker runs at once. */
    @Min(1)
    @JsonProperty
    public int maxConcurrentActivities = 4000;

    /**
     * How many monitors the worker keeps in memory between their workflow tasks: a number, or
     * {@code auto} for as many as a quarter of the heap holds ({@link
     * ai.torale.temporal.WorkerCapacity#workflowCacheFor}).
     */
    @NotNull
    @Pattern(regexp = "auto|[1-9][0-9]{0,8}", message = "must be auto or a number from 1")
    @JsonProperty
    public String workflowCacheSize = "auto";

    /** How many requests for activity tasks the worker keeps open to the server at once. */
    @Min(1)
    @JsonProperty
    public int activityPollers = 20;

    public ai.torale.temporal.TemporalSettings settings() {
      return new ai.torale.temporal.TemporalSettings(
          address,
          namespace,
          embeddedBindAddress,
          embeddedPort,
          rpcTimeout.toJavaDuration(),
          shutdownGrace.toJavaDuration(),
          new ai.torale.temporal.WorkerCapacity(
              virtualThreads,
              maxConcurrentActivities,
              workflowCacheSize.equals("auto")
                  ? ai.torale.temporal.WorkerCapacity.workflowCacheFor(
                      Runtime.getRuntime().maxMemory(), virtualThreads)
                  : Integer.parseInt(workflowCacheSize),
              activityPollers));
    }
  }

  public static class Auth {
    /** {@code apikey} or {@code noauth} (one local user, for single-user local installs). */
    @NotNull @JsonProperty public String mode = "apikey";

    @JsonProperty public String adminApiKey = "";
    @NotNull @JsonProperty public String adminEmail = "admin@localhost";
    @NotNull @JsonProperty public String localUserEmail = "local@localhost";

    /**
     * Keep the owners of keys seen, dropped on every change PostgreSQL reports (LISTEN/NOTIFY);
     * false: every request reads its key from the database (for a pooler that cannot LISTEN).
     */
    @JsonProperty public boolean keyCache = true;
  }

  public static class Schedule {
    @NotNull @JsonProperty public Duration minInterval = Duration.minutes(15);
    @NotNull @JsonProperty public Duration maxInterval = Duration.days(7);
  }

  public static class Search {
    @NotNull @JsonProperty public String provider = "gemini";
    @JsonProperty public String geminiApiKey = "";
    @JsonProperty public String geminiBaseUrl = "https://generativelanguage.googleapis.com";

    @JsonProperty
    public String geminiModel = ai.torale.search.ProviderSettings.DEFAULT_GEMINI_MODEL;

    @JsonProperty public String openaiApiKey = "";
    @JsonProperty public String openaiBaseUrl = "https://api.openai.com/v1";

    /**
     * Empty: OpenAI's default model with provider {@code openai}; an OpenAI-compatible server needs
     * one named.
     */
    @JsonProperty public String openaiModel = "";

    @JsonProperty public String searxngUrl = "";
    @NotNull @JsonProperty public Duration searchTimeout = Duration.seconds(60);
    @NotNull @JsonProperty public Duration evaluationTimeout = Duration.seconds(30);

    /**
     * Show Gemini's grounding redirect links as the pages they lead to (a bounded HEAD request
     * each).
     */
    @JsonProperty public boolean resolveGroundingLinks = true;

    /** Checks per UTC day on this instance; 0 is unlimited. */
    @JsonProperty public long dailyCheckBudget = 0;
  }

  public static class Notify {
    @JsonProperty public String smtpHost = "";
    @JsonProperty public int smtpPort = 587;
    @JsonProperty public String smtpUsername = "";
    @JsonProperty public String smtpPassword = "";
    @JsonProperty public String smtpFrom = "Torale <torale@localhost>";
    @JsonProperty public boolean smtpTls = true;
    @JsonProperty public boolean webhookAllowPrivate = false;
    @JsonProperty public boolean webhookAllowHttp = false;
    @JsonProperty public String publicUrl = "";

    /** Telegram's Bot API, or a self-hosted Bot API server. */
    @JsonProperty public String telegramApiUrl = "https://api.telegram.org";

    /** Verification emails per hour to one address (from all users together), and from one user. */
    @Min(1)
    @JsonProperty
    public int verificationSendsPerAddress = 3;

    @Min(1)
    @JsonProperty
    public int verificationSendsPerUser = 10;
  }
}
