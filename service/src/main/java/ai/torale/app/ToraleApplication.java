package ai.torale.app;

import ai.torale.auth.Accounts;
import ai.torale.auth.AdminResource;
import ai.torale.auth.ApiKeyAuthenticator;
import ai.torale.auth.AuthChanges;
import ai.torale.auth.AuthResource;
import ai.torale.auth.BearerAuthFilter;
import ai.torale.auth.KnownKeys;
import ai.torale.auth.User;
import ai.torale.checks.NotificationTargets;
import ai.torale.checks.PostgresMonitorStore;
import ai.torale.checks.UnfinishedChecks;
import ai.torale.db.EmbeddedDatabase;
import ai.torale.db.JdbiSetup;
import ai.torale.deliveries.DeliveryHistory;
import ai.torale.deliveries.DeliveryResource;
import ai.torale.deliveries.HeldDeliveries;
import ai.torale.deliveries.NotificationTestResource;
import ai.torale.deliveries.OwedDeliveries;
import ai.torale.deliveries.PostgresDeliveryStore;
import ai.torale.deliveries.PostgresDigestStore;
import ai.torale.deliveries.WebhookTestResource;
import ai.torale.digest.DigestActivitiesImpl;
import ai.torale.emails.EmailVerification;
import ai.torale.emails.EmailVerificationResource;
import ai.torale.emails.VerificationMail;
import ai.torale.errors.ErrorMappers;
import ai.torale.errors.JsonErrorPages;
import ai.torale.feeds.FeedResource;
import ai.torale.feeds.FeedTokens;
import ai.torale.feeds.Feeds;
import ai.torale.feeds.PublicTaskResource;
import ai.torale.health.HealthResource;
import ai.torale.health.SearchProviderHealthCheck;
import ai.torale.health.TemporalHealthCheck;
import ai.torale.health.WorkerHealthCheck;
import ai.torale.logs.Credentials;
import ai.torale.metrics.MeteredDeliveryStore;
import ai.torale.metrics.MeteredMonitorStore;
import ai.torale.metrics.MeteredProviders;
import ai.torale.metrics.TemporalMetrics;
import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckActivitiesImpl;
import ai.torale.monitor.CurrentChecksOnly;
import ai.torale.monitor.MonitorStore;
import ai.torale.monitor.OpeningActivitiesImpl;
import ai.torale.monitor.SearchActivities;
import ai.torale.monitor.SearchActivitiesImpl;
import ai.torale.notify.ChatSettings;
import ai.torale.notify.Notifications;
import ai.torale.notify.SmtpMailer;
import ai.torale.notify.SmtpSettings;
import ai.torale.notify.WebhookSettings;
import ai.torale.preferences.PreferencesDao;
import ai.torale.preferences.PreferencesResource;
import ai.torale.quotas.PostgresCheckBudget;
import ai.torale.quotas.Quotas;
import ai.torale.schedule.SchedulingPolicy;
import ai.torale.search.DailyCheckBudget;
import ai.torale.search.Providers;
import ai.torale.search.http.Json;
import ai.torale.tasks.ExecutionResource;
import ai.torale.tasks.NotificationRules;
import ai.torale.tasks.Reconciler;
import ai.torale.tasks.TaskExecutions;
import ai.torale.tasks.TaskRequests;
import ai.torale.tasks.TaskResource;
import ai.torale.tasks.TaskService;
import ai.torale.temporal.DigestClient;
import ai.torale.temporal.MonitorClient;
import ai.torale.temporal.StopBudget;
import ai.torale.temporal.TemporalRuntime;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Torale: the Tasks API, and the worker that runs one monitor workflow per task. */
public class ToraleApplication extends Application<ToraleConfiguration> {
  private static final Logger log = LoggerFactory.getLogger(ToraleApplication.class);

  private final Clock clock;
  private final PrometheusRegistry prometheus = new PrometheusRegistry();
  private TemporalRuntime temporal;
  private Reconciler reconciler;

  public ToraleApplication() {
    // Millisecond ticks: what PostgreSQL, Temporal timers and the API all hold without rounding.
    this(Clock.tickMillis(ZoneOffset.UTC));
  }

  public ToraleApplication(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) throws Exception {
    new ToraleApplication().run(args);
  }

  @Override
  public String getName() {
    return "torale";
  }

  @Override
  public void initialize(Bootstrap<ToraleConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new ConfigVariables()));
    bootstrap.addCommand(new WorkerCommand(this));
    bootstrap.addCommand(new MigrateCommand());
  }

  /**
   * The running Temporal connection (after {@link #run}); the bench drives its floor workflows over
   * it.
   */
  public TemporalRuntime temporal() {
    return temporal;
  }

  /** The running reconciler (after {@link #run}); the bench times its passes. */
  public Reconciler reconciler() {
    return reconciler;
  }

  @Override
  public void run(ToraleConfiguration config, Environment environment) throws Exception {
    ObjectMapper mapper = apiMapper(environment.getObjectMapper());
    DataSourceFactory database = config.getDatabase();
    if (EmbeddedDatabase.wanted(database)) {
      environment
          .lifecycle()
          .manage(EmbeddedDatabase.start(Path.of(config.getDataDir()), database));
    }
    migrate(database);
    Jdbi jdbi =
        JdbiSetup.configure(new JdbiFactory().build(environment, database, "postgresql"), mapper);

    MetricRegistry metrics = environment.metrics();
    temporal =
        TemporalRuntime.connect(config.getTemporal().settings(), TemporalMetrics.scope(metrics));
    StopBudget stopping = stopBudget(config, environment);
    SchedulingPolicy policy =
        new SchedulingPolicy(
            config.getSchedule().minInterval.toJavaDuration(),
            config.getSchedule().maxInterval.toJavaDuration(),
            clock,
            new SecureRandom());
    MonitorClient monitors =
        new MonitorClient(
            temporal.client(),
            config.getTemporal().rpcTimeout.toJavaDuration().multipliedBy(2),
            temporal.registerSearchAttributes());
    ToraleConfiguration.Notify notify = config.getNotify();

    environment.healthChecks().register("temporal", new TemporalHealthCheck(temporal.stubs()));
    SmtpSettings smtp =
        new SmtpSettings(
            notify.smtpHost,
            notify.smtpPort,
            notify.smtpUsername,
            notify.smtpPassword,
            notify.smtpFrom,
            notify.smtpTls);
    PostgresDeliveryStore deliveryStore = new PostgresDeliveryStore(jdbi, mapper);
    PostgresDigestStore digestStore = new PostgresDigestStore(jdbi, mapper);
    DigestClient digests = new DigestClient(temporal.client());
    Notifications notifications =
        new Notifications(
            new WebhookSettings(notify.webhookAllowHttp, notify.webhookAllowPrivate),
            new ChatSettings(notify.telegramApiUrl),
            smtp,
            blankToNull(notify.publicUrl),
            new MeteredDeliveryStore(deliveryStore, metrics),
            clock);
    if (config.getTemporal().workerEnabled) {
      Providers providers = SearchProviders.from(config.getSearch());
      MonitorStore store =
          new MeteredMonitorStore(
              new PostgresMonitorStore(
                  jdbi, mapper, new NotificationTargets(smtp.configured()), digests),
              metrics);
      CheckActivities checks = new CheckActivitiesImpl(store, policy, clock);
      SearchActivities search =
          new CurrentChecksOnly(
              new SearchActivitiesImpl(
                  MeteredProviders.wrap(providers, metrics),
                  new DailyCheckBudget(config.getSearch().dailyCheckBudget, clock),
                  new PostgresCheckBudget(jdbi, config.getQuotas().dailyChecks, clock)),
              store);
      temporal.registerWorker(
          List.of(
              checks,
              search,
              new OpeningActivitiesImpl(checks, search, clock),
              notifications.activities(),
              new DigestActivitiesImpl(digestStore, clock)),
          stopping);
      environment.healthChecks().register("worker", new WorkerHealthCheck(temporal::workerRunning));
      environment
          .healthChecks()
          .register("search-provider", new SearchProviderHealthCheck(providers));
    }
    // Jersey's "<method>.total" timers would clash with "<method>" once Prometheus drops the _total
    // suffix.
    DropwizardExports.builder()
        .dropwizardRegistry(metrics)
        .metricFilter((name, metric) -> !name.endsWith(".total"))
        .register(prometheus);
    environment
        .admin()
        .addServlet("prometheus", new PrometheusMetricsServlet(prometheus))
        .addMapping("/metrics");
    // Managed objects stop in the reverse order: the reconciler and housekeeping first, then the
    // worker and Temporal, then what the embedded server left unfinished is recorded, and the
    // database pool closes last.
    if (temporal.embedded()) {
      environment.lifecycle().manage(new UnfinishedChecks(jdbi, clock));
    }
    environment.lifecycle().manage(temporal);
    reconciler =
        new Reconciler(
            jdbi,
            monitors,
            config.getTemporal().reconcileInterval.toJavaDuration(),
            temporal.embedded(),
            clock,
            metrics.counter("torale.reconciler.temporal_calls"));
    environment.lifecycle().manage(reconciler);
    environment
        .lifecycle()
        .manage(
            new OwedDeliveries(
                jdbi,
                deliveryStore,
                monitors,
                config.getTemporal().reconcileInterval.toJavaDuration(),
                clock));
    environment
        .lifecycle()
        .manage(
            new HeldDeliveries(
                digestStore,
                digests,
                config.getTemporal().reconcileInterval.toJavaDuration(),
                temporal.embedded(),
                clock));

    environment
        .lifecycle()
        .manage(
            Retention.housekeeping(
                jdbi,
                java.time.Duration.ofDays(config.getRetention().days),
                config.getRetention().interval.toJavaDuration(),
                clock));

    KnownKeys knownKeys = new KnownKeys(clock);
    AuthChanges authChanges = new AuthChanges(database, knownKeys);
    Accounts accounts = new Accounts(jdbi, knownKeys, authChanges, clock);
    Quotas quotas = new Quotas(jdbi, config.getQuotas().settings(), clock);
    registerAuth(config.getAuth(), environment, accounts, jdbi, knownKeys, authChanges);
    ErrorMappers.all().forEach(environment.jersey()::register);
    environment
        .lifecycle()
        .addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorPages()));
    // Inside the context, so below Dropwizard's gzip handler: it counts the inflated bytes as they
    // are read.
    environment
        .getApplicationContext()
        .insertHandler(new SizeLimitHandler(config.getMaxRequestBody().toBytes(), -1));
    environment.jersey().register(new TrailingSlashes());
    FeedTokens feedTokens = new FeedTokens();
    TaskService tasks = new TaskService(jdbi, monitors, policy, quotas, feedTokens, clock);
    Feeds feeds = new Feeds(jdbi, feedTokens, clock);
    SmtpMailer mailer = new SmtpMailer(smtp, clock);
    EmailVerification verification =
        new EmailVerification(
            jdbi,
            smtp.configured() ? Optional.of(new VerificationMail(mailer)) : Optional.empty(),
            config.getNotify().verificationSendsPerAddress,
            config.getNotify().verificationSendsPerUser,
            clock);
    NotificationRules notificationRules =
        new NotificationRules(
            notifications.validator(), notifications.secrets(), verification::isVerified);
    environment
        .jersey()
        .register(new TaskResource(tasks, new TaskRequests(notificationRules), mapper));
    environment.jersey().register(new EmailVerificationResource(verification, mapper));
    environment.jersey().register(new DeliveryResource(new DeliveryHistory(jdbi)));
    environment
        .jersey()
        .register(new WebhookTestResource(notifications.webhookTester(), quotas, mapper));
    environment
        .jersey()
        .register(
            new NotificationTestResource(
                notifications.channelTester(), notificationRules, quotas, mapper));
    environment.jersey().register(new ExecutionResource(new TaskExecutions(jdbi)));
    environment.jersey().register(new FeedResource(feeds, notify.publicUrl));
    environment.jersey().register(new PublicTaskResource(tasks, feeds, notify.publicUrl));
    environment
        .jersey()
        .register(
            new AuthResource(
                accounts,
                quotas,
                mapper,
                user ->
                    Map.of("preferences", jdbi.withHandle(h -> new PreferencesDao(h).find(user)))));
    environment.jersey().register(new PreferencesResource(jdbi, mapper, clock));
    environment.jersey().register(new AdminResource(accounts, mapper));
    environment.jersey().register(new HealthResource(environment.healthChecks()));
  }

  /**
   * The stop's clock starts as the HTTP server begins to stop (a {@code worker} process has none:
   * there it starts with the worker's stop), and Jetty waits for the requests in flight only for
   * their share of the grace.
   */
  private StopBudget stopBudget(ToraleConfiguration config, Environment environment) {
    StopBudget stopping =
        new StopBudget(config.getTemporal().shutdownGrace.toJavaDuration(), clock);
    if (config.getServerFactory() instanceof AbstractServerFactory server) {
      server.setShutdownGracePeriod(
          io.dropwizard.util.Duration.milliseconds(stopping.forRequests().toMillis()));
    }
    environment
        .lifecycle()
        .addEventListener(
            new LifeCycle.Listener() {
              @Override
              public void lifeCycleStopping(LifeCycle server) {
                stopping.begin();
              }
            });
    return stopping;
  }

  /**
   * The API speaks snake_case and ISO-8601 dates; config parsing (already done) keeps Dropwizard's
   * names. Requests and the stores' JSON run on virtual threads: its buffers come from a shared
   * pool.
   */
  private static ObjectMapper apiMapper(ObjectMapper mapper) {
    Json.sharedBuffers(mapper);
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return mapper;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * The one time the first admin's key is shown: in the log of the first start of a fresh install.
   */
  static String firstAdminBanner(Accounts.IssuedUser first) {
    return "\n\n  Created the first admin ("
        + first.user().email()
        + "). Its API key is shown only this once:\n\n    "
        + first.apiKey()
        + "\n\n  Try: curl -H 'Authorization: Bearer "
        + first.apiKey()
        + "' http://localhost:8080/api/v1/tasks\n";
  }

  static void migrate(DataSourceFactory database) {
    Flyway.configure()
        .dataSource(database.getUrl(), database.getUser(), database.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  private void registerAuth(
      ToraleConfiguration.Auth auth,
      Environment environment,
      Accounts accounts,
      Jdbi jdbi,
      KnownKeys knownKeys,
      AuthChanges authChanges) {
    BearerAuthFilter filter;
    if ("noauth".equalsIgnoreCase(auth.mode)) {
      User local = accounts.localUser(auth.localUserEmail);
      log.warn(
          "AUTH IS OFF (TORALE_AUTH_MODE=noauth): every request acts as {}. Never expose this instance.",
          local.email());
      filter = BearerAuthFilter.noAuth(() -> local);
    } else if ("apikey".equalsIgnoreCase(auth.mode)) {
      bootstrapAdmin(auth, accounts);
      filter = BearerAuthFilter.apiKeys(new ApiKeyAuthenticator(jdbi, knownKeys, clock));
      if (auth.keyCache) {
        environment.lifecycle().manage(authChanges);
      }
    } else {
      throw new IllegalArgumentException("auth.mode must be apikey or noauth, not " + auth.mode);
    }
    environment.jersey().register(new AuthDynamicFeature(filter));
    environment.jersey().register(new AuthValueFactoryProvider.Binder<>(User.class));
  }

  private static void bootstrapAdmin(ToraleConfiguration.Auth auth, Accounts accounts) {
    if (auth.adminApiKey != null && !auth.adminApiKey.isBlank()) {
      if (!ai.torale.auth.ApiKeys.wellFormed(auth.adminApiKey.strip())) {
        throw new IllegalArgumentException(
            "TORALE_ADMIN_API_KEY must be sk_ followed by 43 URL-safe characters");
      }
      accounts.ensureAdminKey(auth.adminEmail, auth.adminApiKey.strip());
      return;
    }
    // A fresh install with no admin key configured: make one and show it once, so the first curl
    // works.
    accounts
        .firstAdmin(auth.adminEmail)
        .ifPresent(first -> log.warn(Credentials.SHOWN_ONCE, firstAdminBanner(first)));
  }
}
