package ai.torale.support;

import ai.torale.checks.NotificationTargets;
import ai.torale.checks.PostgresMonitorStore;
import ai.torale.db.JdbiSetup;
import ai.torale.deliveries.PostgresDeliveryStore;
import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckActivitiesImpl;
import ai.torale.monitor.CurrentChecksOnly;
import ai.torale.monitor.MonitorStore;
import ai.torale.monitor.MonitorWorkflow;
import ai.torale.monitor.MonitorWorkflowImpl;
import ai.torale.monitor.OpeningActivitiesImpl;
import ai.torale.monitor.SearchActivities;
import ai.torale.notify.Notifications;
import ai.torale.notify.SmtpSettings;
import ai.torale.notify.WebhookSettings;
import ai.torale.schedule.SchedulingPolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A worker the test controls, polling the app's embedded Temporal server with the real workflow and
 * check activities on the test database, and a search the test chooses.
 */
public final class TestWorker {
  private TestWorker() {}

  public static WorkerFactory start(
      ToraleApp app, SearchActivities search, UnaryOperator<MonitorStore> wrapStore) {
    WorkerFactory workers = WorkerFactory.newInstance(app.temporal());
    // Fewer activities at once than the shared test pool has connections, so none waits for one.
    var worker =
        workers.newWorker(
            MonitorWorkflow.TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(ToraleApp.POOL_SIZE / 4)
                .build());
    worker.registerWorkflowImplementationTypes(MonitorWorkflowImpl.class);
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    MonitorStore store =
        wrapStore.apply(
            new PostgresMonitorStore(
                JdbiSetup.configure(app.jdbi(), mapper), mapper, new NotificationTargets(false)));
    CheckActivities checks =
        new CheckActivitiesImpl(
            store,
            new SchedulingPolicy(
                Duration.ofMinutes(15), Duration.ofDays(7), Clock.systemUTC(), new Random()),
            Clock.systemUTC());
    SearchActivities current = new CurrentChecksOnly(search, store);
    worker.registerActivitiesImplementations(
        checks,
        current,
        new OpeningActivitiesImpl(checks, current, Clock.systemUTC()),
        // Deliveries as the service makes them: a monitor started from storage asks what it owes.
        new Notifications(
                new WebhookSettings(false, false),
                new SmtpSettings("", 0, null, null, null, false),
                null,
                new PostgresDeliveryStore(app.jdbi(), mapper),
                Clock.systemUTC())
            .activities());
    workers.start();
    return workers;
  }
}
