package ai.torale.checks;

import ai.torale.deliveries.PostgresDeliveryStore;
import ai.torale.digest.DigestWakeups;
import ai.torale.executions.ExecutionDao;
import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckResult;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.MonitorStore;
import ai.torale.notify.NotificationChannel;
import ai.torale.search.Source;
import ai.torale.tasks.Task;
import ai.torale.tasks.TaskDao;
import ai.torale.tasks.TaskNames;
import ai.torale.tasks.TaskRequests;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check activities' storage on PostgreSQL: executions, and the task fields a check moves. A
 * check's begin and record are a statement each ({@link CheckRows}); the rest are the tasks,
 * executions and deliveries packages' statements, in the transactions a check needs.
 */
public final class PostgresMonitorStore implements MonitorStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresMonitorStore.class);
  private static final String RENAME = "rename_default";
  static final int RECENT_ANSWERS = 3;

  private final Jdbi jdbi;
  private final ObjectMapper mapper;
  private final NotificationTargets targets;
  private final DigestWakeups digests;
  // Built once: binding the values as Jdbi's @Json made a writer per statement (the check profile's
  // largest share of the record's argument binding), and described each value with toString.
  private final ObjectWriter resultWriter;
  private final ObjectWriter sourcesWriter;
  private final ObjectWriter stateWriter;

  public PostgresMonitorStore(Jdbi jdbi, ObjectMapper mapper, NotificationTargets targets) {
    this(jdbi, mapper, targets, user -> {});
  }

  /** {@code digests}: told when a record held deliveries for the owner's digest workflow. */
  public PostgresMonitorStore(
      Jdbi jdbi, ObjectMapper mapper, NotificationTargets targets, DigestWakeups digests) {
    this.jdbi = jdbi;
    this.mapper = mapper;
    this.targets = targets;
    this.digests = digests;
    this.resultWriter = mapper.writerFor(CheckResult.class);
    this.sourcesWriter = mapper.writerFor(new TypeReference<List<Source>>() {});
    this.stateWriter = mapper.writerFor(LastKnownState.class);
  }

  @Override
  public CheckActivities.Begun beginExecution(CheckActivities.Begin check, Instant startedAt) {
    try {
      return begin(check, startedAt);
    } catch (AbandonedRun e) {
      return CheckActivities.Begun.abandonedRun();
    }
  }

  /**
   * One statement ({@link CheckRows#begin}): the task as it is now (with its owner's address and
   * recent answers), and the execution marked running and made the task's last. A manual run's
   * begin runs in a transaction, to roll back a row it created: that row means the API's
   * transaction that created it rolled back (Temporal accepted the run, the API answered 503), and
   * the run must not happen.
   */
  private CheckActivities.Begun begin(CheckActivities.Begin check, Instant startedAt) {
    if (check.trigger() == CheckTrigger.MANUAL) {
      return jdbi.inTransaction(h -> begun(check, startedAt, h));
    }
    return jdbi.withHandle(h -> begun(check, startedAt, h));
  }

  private CheckActivities.Begun begun(CheckActivities.Begin check, Instant startedAt, Handle h) {
    Optional<CheckRows.Begun> task =
        new CheckRows(h)
            .begin(check.taskId(), check.executionId(), check.trigger(), startedAt, RECENT_ANSWERS);
    if (task.isEmpty()) {
      return CheckActivities.Begun.gone();
    }
    Boolean created = task.get().created();
    if (created == null || created && check.trigger() == CheckTrigger.MANUAL) {
      throw new AbandonedRun();
    }
    return CheckActivities.Begun.ready(snapshot(task.get()));
  }

  private CheckActivities.TaskSnapshot snapshot(CheckRows.Begun found) {
    Task task = found.task();
    return new CheckActivities.TaskSnapshot(
        task.id(),
        task.userId(),
        task.name(),
        task.searchQuery(),
        task.conditionDescription(),
        task.state(),
        // Without credentials (a webhook's secret and headers, chat URLs and tokens): this snapshot
        // is a workflow payload; the Deliver activity reads them from the task.
        targets.channelsFor(task, found.ownerEmail()).stream()
            .map(NotificationChannel::withoutSecret)
            .toList(),
        found.ownerEmail(),
        found.lastNotifiedAnswer(),
        found.recentAnswers(),
        found.consecutiveFailures());
  }

  /**
   * One statement records the check ({@link CheckRows#record}): it finishes the execution and, for
   * a success that finished it, moves the task's last known state and last notified answer; keeps
   * the task's failures in a row; and stores the next run. Only when more must go with it does it
   * run in a transaction: a task still called "New Monitor" takes the check's topic as its name, so
   * no reader sees the check without it (a name taken meanwhile fails only the rename, a savepoint,
   * never the record); and the check's deliveries are queued, so what the check promised is in
   * storage before anything is sent.
   */
  @Override
  public CheckActivities.Recorded record(
      CheckActivities.Outcome outcome, Instant completedAt, Reschedule reschedule) {
    if (outcome.status() == ExecutionStatus.CANCELLED) {
      cancel(outcome, completedAt);
      return new CheckActivities.Recorded(null, false);
    }
    CheckActivities.Recorded recorded = recordInTransaction(outcome, completedAt, reschedule);
    if (!recorded.held().isEmpty()) {
      wake(outcome.deliveries().get(0).userId());
    }
    return recorded;
  }

  /**
   * After the commit, so the workflow finds the rows. A failed wake costs only time: the repair of
   * held deliveries wakes the workflow once a held delivery is overdue.
   */
  private void wake(UUID userId) {
    try {
      digests.wake(userId);
    } catch (RuntimeException e) {
      log.warn("Could not wake the digest workflow of user {}: {}", userId, e.getMessage());
    }
  }

  private CheckActivities.Recorded recordInTransaction(
      CheckActivities.Outcome outcome, Instant completedAt, Reschedule reschedule) {
    CheckResult result = outcome.result();
    boolean success = outcome.status() == ExecutionStatus.SUCCESS && result != null;
    boolean mayRename =
        success
            && TaskNames.isDefault(outcome.taskName())
            && result.topic() != null
            && !result.topic().isBlank();
    if (!mayRename && outcome.deliveries().isEmpty()) {
      return jdbi.withHandle(h -> record(h, outcome, completedAt, reschedule, false));
    }
    return jdbi.inTransaction(h -> record(h, outcome, completedAt, reschedule, mayRename));
  }

  private CheckActivities.Recorded record(
      Handle h,
      CheckActivities.Outcome outcome,
      Instant completedAt,
      Reschedule reschedule,
      boolean mayRename) {
    CheckResult result = outcome.result();
    boolean success = outcome.status() == ExecutionStatus.SUCCESS && result != null;
    Integer failures =
        success ? Integer.valueOf(0) : outcome.postponed() ? null : outcome.consecutiveFailures();
    CheckRows.Recorded stored =
        new CheckRows(h)
            .record(
                outcome,
                json(result),
                completedAt,
                success ? write(stateWriter, LastKnownState.of(result, completedAt)) : null,
                failures,
                reschedule != null,
                reschedule == null ? null : reschedule.nextRun());
    if (stored.moved() && mayRename) {
      TaskDao tasks = new TaskDao(h);
      h.savepoint(RENAME);
      if (!tasks.renameDefault(outcome.taskId(), TaskRequests.fitName(result.topic().strip()))) {
        h.rollbackToSavepoint(RENAME);
      }
    }
    CheckActivities.Recorded recorded = new CheckActivities.Recorded(null, false);
    if (stored.scheduled()) {
      recorded = new CheckActivities.Recorded(reschedule.nextRun(), reschedule.nextRun() == null);
    }
    Instant nextRun = reschedule == null ? null : recorded.nextRun();
    List<UUID> held =
        PostgresDeliveryStore.queue(
            h,
            mapper,
            outcome.deliveries().stream()
                .map(d -> nextRun == null ? d : d.withNextRun(nextRun))
                .toList(),
            completedAt);
    return recorded.withHeld(held);
  }

  private CheckRows.ResultJson json(CheckResult result) {
    if (result == null) {
      return new CheckRows.ResultJson(null, null);
    }
    return new CheckRows.ResultJson(
        write(resultWriter, result),
        result.sources() == null ? null : write(sourcesWriter, result.sources()));
  }

  private static String write(ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A check's result could not be written as JSON", e);
    }
  }

  /**
   * A run replaced by a forced one; a row the cancel created means the API rolled back: that run
   * never was.
   */
  private void cancel(CheckActivities.Outcome outcome, Instant completedAt) {
    try {
      jdbi.useTransaction(h -> {
        Optional<Boolean> created =
            new ExecutionDao(h)
                .cancelRun(
                    outcome.executionId(), outcome.taskId(), completedAt, outcome.errorMessage());
        if (created.orElse(false)) {
          throw new AbandonedRun();
        }
      });
    } catch (AbandonedRun e) {
      // Rolled back: nothing to record.
    }
  }

  /** Rolls back the begin of a run that must not happen. */
  private static final class AbandonedRun extends RuntimeException {
    AbandonedRun() {
      super(null, null, false, false);
    }
  }

  @Override
  public boolean stillRunning(UUID executionId) {
    return jdbi.withHandle(h -> new ExecutionDao(h).stillRunning(executionId));
  }
}
