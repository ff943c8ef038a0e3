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
import ai.torale.tasks.Task;
import ai.torale.tasks.TaskDao;
import ai.torale.tasks.TaskNames;
import ai.torale.tasks.TaskRequests;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check activities' storage on PostgreSQL: executions, and the task fields a check moves. It
 * holds no SQL of its own: it puts the tasks and executions packages' statements into the
 * transactions a check needs.
 */
public final class PostgresMonitorStore implements MonitorStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresMonitorStore.class);
  private static final String RENAME = "rename_default";
  static final int RECENT_ANSWERS = 3;

  private final Jdbi jdbi;
  private final ObjectMapper mapper;
  private final NotificationTargets targets;
  private final DigestWakeups digests;

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
   * Two statements in one transaction: the task as it is now (with its owner's address and recent
   * answers), then the execution marked running and made the task's last. Each check pays for these
   * round trips.
   */
  private CheckActivities.Begun begin(CheckActivities.Begin check, Instant startedAt) {
    UUID taskId = check.taskId();
    UUID executionId = check.executionId();
    return jdbi.inTransaction(h -> {
      Optional<CheckActivities.TaskSnapshot> task =
          new TaskDao(h).findForCheck(taskId, executionId, RECENT_ANSWERS).map(this::snapshot);
      if (task.isEmpty()) {
        return CheckActivities.Begun.gone();
      }
      // Waits for the API's transaction that created a manual run's row; a row created here
      // for a manual run means that transaction rolled back (Temporal accepted the run, the
      // API answered 503): do not run it.
      Optional<Boolean> created =
          new ExecutionDao(h).markRunning(executionId, taskId, check.trigger(), startedAt);
      if (created.isEmpty() || created.get() && check.trigger() == CheckTrigger.MANUAL) {
        throw new AbandonedRun();
      }
      new TaskDao(h).setLastExecution(taskId, executionId);
      return CheckActivities.Begun.ready(task.get());
    });
  }

  private CheckActivities.TaskSnapshot snapshot(TaskDao.ForCheck found) {
    Task task = found.task();
    return new CheckActivities.TaskSnapshot(
        task.id(),
        task.userId(),
        task.name(),
        task.searchQuery(),
        task.conditionDescription(),
        task.state(),
        // Without webhook secrets: this snapshot is a workflow payload; the Deliver activity reads
        // the secret.
        targets.channelsFor(task, found.ownerEmail()).stream()
            .map(NotificationChannel::withoutSecret)
            .toList(),
        found.ownerEmail(),
        found.lastNotifiedAnswer(),
        found.recentAnswers(),
        found.consecutiveFailures());
  }

  /**
   * One transaction records the check: it finishes the execution and, for a success that finished
   * it, moves the task's last known state and last notified answer (a task still called "New
   * Monitor" then takes the check's topic as its name, so no reader sees the check without it; a
   * name taken meanwhile fails only the rename, a savepoint, never the record); keeps the task's
   * failures in a row; stores the next run; and queues the check's deliveries, so what the check
   * promised is in storage before anything is sent.
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
    return jdbi.inTransaction(h -> {
      TaskDao tasks = new TaskDao(h);
      boolean finished =
          new ExecutionDao(h)
              .finish(
                  outcome,
                  completedAt,
                  result == null ? null : mapper.valueToTree(result),
                  result == null ? null : mapper.valueToTree(result.sources()));
      boolean moved =
          finished
              && success
              && tasks.recordCheck(
                  outcome.taskId(),
                  lastKnownState(result, completedAt).toString(),
                  outcome.notified(),
                  result.answer());
      if (moved
          && TaskNames.isDefault(outcome.taskName())
          && result.topic() != null
          && !result.topic().isBlank()) {
        h.savepoint(RENAME);
        if (!tasks.renameDefault(outcome.taskId(), TaskRequests.fitName(result.topic().strip()))) {
          h.rollbackToSavepoint(RENAME);
        }
      }
      if (success) {
        tasks.setConsecutiveFailures(outcome.taskId(), 0);
      } else if (!outcome.postponed()) {
        tasks.setConsecutiveFailures(outcome.taskId(), outcome.consecutiveFailures());
      }
      CheckActivities.Recorded recorded = new CheckActivities.Recorded(null, false);
      if (reschedule != null && tasks.scheduleNext(outcome.taskId(), reschedule.nextRun())) {
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
    });
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

  private JsonNode lastKnownState(CheckResult result, Instant checkedAt) {
    ObjectNode state = mapper.createObjectNode();
    state.put("condition_met", result.conditionMet());
    state.put("answer", result.answer());
    state.put("confidence", result.confidence());
    state.put("topic", result.topic());
    state.put("checked_at", checkedAt.toString());
    return state;
  }

  @Override
  public boolean stillRunning(UUID executionId) {
    return jdbi.withHandle(h -> new ExecutionDao(h).stillRunning(executionId));
  }
}
