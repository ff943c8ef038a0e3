package ai.torale.monitor;

import ai.torale.notify.DeliveriesInFlight;
import ai.torale.notify.DeliveryStore;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotifyActivities;
import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.schedule.SchedulingPolicy;
import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.SearchRequest;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The monitor loop, after Airbyte's connection manager: signals and updates only flip small fields;
 * the main loop does all the work; a failed check is recorded and followed by the next scheduled
 * one, never the end of the entity.
 */
public class MonitorWorkflowImpl implements MonitorWorkflow {
  /**
   * Checks per run before continue-as-new keeps the history short. A run's history stays in memory
   * until it closes, in the embedded server and in the worker's cached monitor: in the latency
   * bench's heap most of what was live was history. Public for the bench, which spreads its tasks
   * over a run's places.
   */
  public static final int CHECKS_PER_RUN = 10;

  /** Checks per run of a run that predates {@link #SHORTER_RUNS}: its history replays with it. */
  static final int CHECKS_PER_RUN_BEFORE = 50;

  /**
   * Version of the change that cut runs from {@link #CHECKS_PER_RUN_BEFORE} checks to {@link
   * #CHECKS_PER_RUN}.
   */
  static final String SHORTER_RUNS = "shorter-runs";

  /**
   * Version of the change that opens a check with its search, one activity ({@link
   * OpeningActivities}), where it began with a step of its own.
   */
  static final String SEARCH_OPENS_CHECK = "search-opens-check";

  /** Version of the change that records replaced runs before a run ends ({@link #settle}). */
  static final String SUPERSEDED_BEFORE_END = "superseded-before-end";

  /**
   * Checks per run however long deliveries keep retrying, in a run that predates deliveries kept in
   * storage: the bound on history when channels stay down.
   */
  static final int MAX_CHECKS_PER_RUN = 4 * CHECKS_PER_RUN_BEFORE;

  /**
   * Version of the change that keeps deliveries in storage: from it on, a run continues as new with
   * deliveries in flight, and the next run resumes them from storage.
   */
  static final String DELIVERIES_IN_STORAGE = "deliveries-in-storage";

  /**
   * After this long a check counts as stuck: its activities' schedule-to-close bounds have all
   * passed.
   */
  static final Duration STUCK_AFTER = Duration.ofHours(4);

  static final int FAILING_AFTER = 3;

  private static final Logger log = Workflow.getLogger(MonitorWorkflowImpl.class);

  private static final Duration BOOKKEEPING_ATTEMPT = Duration.ofSeconds(30);
  // Storage outages are waited out: a check's bookkeeping is never dropped.
  private static final Duration BOOKKEEPING_GIVES_UP = Duration.ofDays(1);
  private static final RetryOptions BOOKKEEPING_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumInterval(Duration.ofMinutes(1))
          .build();
  private static final ActivityOptions CHECK_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(BOOKKEEPING_ATTEMPT)
          .setScheduleToCloseTimeout(BOOKKEEPING_GIVES_UP)
          .setRetryOptions(BOOKKEEPING_RETRY)
          .build();

  /**
   * A local activity's marker keeps its result, which replay needs; not its input, which replay
   * never reads: the record step's input is the whole check (answer, sources, messages), already in
   * the history as the search's and evaluation's payloads, and a monitor's history stays in memory
   * until its run ends.
   */
  private static final LocalActivityOptions LOCAL_CHECK_OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(BOOKKEEPING_ATTEMPT)
          .setScheduleToCloseTimeout(BOOKKEEPING_GIVES_UP)
          .setRetryOptions(BOOKKEEPING_RETRY)
          .setDoNotIncludeArgumentsIntoMarker(true)
          .build();

  private static final ActivityOptions SEARCH_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(90))
          .setScheduleToCloseTimeout(Duration.ofHours(2))
          // The activity sets each retry's delay by failure class (RetryAdvice); these are the
          // bounds.
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumInterval(Duration.ofHours(1))
                  .setMaximumAttempts(6)
                  .build())
          .build();

  /**
   * The durable state, after samples-java's ClusterManagerState: kept as one value, handed whole to
   * the next run.
   */
  private MonitorInput carried;

  // What this run holds and the next one does not need.
  // By delivery id: a delivery resumed twice (a repair's signal) runs once.
  private final DeliveriesInFlight deliveries = new DeliveriesInFlight();
  private final List<UUID> superseded = new ArrayList<>();
  private Running running;
  private boolean scheduleChanged;
  private boolean taskGone;
  private LastOutcome lastOutcome;
  // Each change's version as this run first asked for it (changed()).
  private final Map<String, Integer> versions = new HashMap<>();
  // What this run last upserted, so a check upserts only the attributes it changed.
  private MonitorSearchAttributes.Values published;
  // Activity stubs by summary: a stub is a proxy over merged options, so each is built once a run,
  // not once a check (the summaries of a task's checks repeat).
  private final Map<CheckStep, CheckActivities> checkStubs = new HashMap<>();
  private final Map<StepAbout, SearchActivities> searchStubs = new HashMap<>();
  private final Map<OpeningFor, OpeningActivities> openingStubs = new HashMap<>();
  // The query the last check read, for the next opening's summary: the opening reads it anew.
  private String lastQuery;
  // The stored last notified answer and its digest: it changes only when a check notifies.
  private String storedNotified;
  private String storedNotifiedDigest;

  /**
   * The check in flight: a forced run cancels its scope; after {@link #STUCK_AFTER} it no longer
   * blocks a run.
   */
  private record Running(UUID executionId, Instant since, CancellationScope scope) {}

  /**
   * The state is set before any handler runs: a signal that arrives with the start (resume right
   * after create, signal-with-start) must not be overwritten by the workflow method's own
   * initialisation.
   */
  @WorkflowInit
  public MonitorWorkflowImpl(MonitorInput input) {
    carried = input;
  }

  @Override
  public void monitor(MonitorInput input) {
    int checksThisRun = 0;
    while (!taskGone) {
      publish();
      recordSuperseded();
      resumeOwedDeliveriesIfAsked();
      if (carried.pendingRun() != null) {
        RunNowRequest run = carried.pendingRun();
        carried = carried.withPendingRun(null);
        runCheck(run.executionId(), CheckTrigger.MANUAL, run.suppressNotifications());
        checksThisRun++;
      } else if (carried.state() == TaskState.COMPLETED) {
        break;
      } else if (carried.state() == TaskState.PAUSED || carried.nextRun() == null) {
        Workflow.await(() ->
            carried.state() != TaskState.PAUSED && carried.nextRun() != null
                || carried.pendingRun() != null
                || carried.state() == TaskState.COMPLETED
                || carried.resumeDeliveries()
                || !superseded.isEmpty());
        continue;
      } else {
        Duration wait = Duration.between(now(), carried.nextRun());
        if (wait.compareTo(Duration.ZERO) > 0) {
          scheduleChanged = false;
          if (wokenBefore(wait)) {
            continue;
          }
        }
        runCheck(Workflow.randomUUID(), CheckTrigger.SCHEDULED, false);
        checksThisRun++;
      }
      deliveries.prune();
      if (timeToContinueAsNew(checksThisRun)) {
        if (deliveriesInStorage()) {
          // The next run resumes what is in flight from storage.
          boolean owed = !deliveries.isEmpty();
          settle();
          Workflow.continueAsNew(carried.withResumeDeliveries(owed || carried.resumeDeliveries()));
        }
        finishDeliveries();
        settle();
        Workflow.continueAsNew(carried);
      }
    }
    publish();
    recordSuperseded();
    resumeOwedDeliveriesIfAsked();
    finishDeliveries();
    settle();
    if (!taskGone && (carried.state() != TaskState.COMPLETED || carried.pendingRun() != null)) {
      // Re-activated, or asked for a run, while finishing: carry on in a fresh run.
      Workflow.continueAsNew(carried);
    }
  }

  /**
   * Waits for the next run, or less when something changes it. The wait's timer is set in a
   * detached scope, as a check runs ({@link #runCheck}): a timer set in the monitor's own scope
   * hooks its cancellation onto that scope, which keeps every timer of the run in memory until the
   * run ends. A cancel of the whole workflow still ends the wait, and then the monitor.
   */
  private boolean wokenBefore(Duration wait) {
    CancellationScope monitor = CancellationScope.current();
    boolean[] woken = new boolean[1];
    Workflow.newDetachedCancellationScope(() ->
            woken[0] =
                Workflow.await(
                    wait,
                    () ->
                        monitor.isCancelRequested()
                            || carried.state() != TaskState.ACTIVE
                            || carried.pendingRun() != null
                            || scheduleChanged
                            || carried.resumeDeliveries()
                            || !superseded.isEmpty()))
        .run();
    CancellationScope.throwCanceled();
    return woken[0];
  }

  /**
   * A run continues as new after {@link #CHECKS_PER_RUN} checks (a run from before {@link
   * #SHORTER_RUNS}: {@link #CHECKS_PER_RUN_BEFORE}): deliveries in flight are in storage, and the
   * next run resumes them. (A run that predates that waited for a moment with none in flight, up to
   * {@link #MAX_CHECKS_PER_RUN}; its history replays the same way.)
   */
  private boolean timeToContinueAsNew(int checksThisRun) {
    if (Workflow.getInfo().isContinueAsNewSuggested() || checksThisRun >= MAX_CHECKS_PER_RUN) {
      return true;
    }
    if (checksThisRun < CHECKS_PER_RUN || checksThisRun < checksPerRun()) {
      return false;
    }
    return deliveries.isEmpty() || deliveriesInStorage();
  }

  /**
   * Asked only once a run has {@link #CHECKS_PER_RUN} checks: a run that got there before the
   * change has no marker at that point of its history and keeps its 50.
   */
  private int checksPerRun() {
    return changed(SHORTER_RUNS) ? CHECKS_PER_RUN : CHECKS_PER_RUN_BEFORE;
  }

  /**
   * Before the run ends: every handler finished and, from {@link #SUPERSEDED_BEFORE_END} on, every
   * run a forced one replaced recorded as cancelled. The list is this run's alone, so a replaced
   * run left in it stayed pending for good (forced runs arriving as a run continued as new).
   */
  private void settle() {
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (changed(SUPERSEDED_BEFORE_END)) {
      while (!superseded.isEmpty()) {
        recordSuperseded();
        Workflow.await(Workflow::isEveryHandlerFinished);
      }
    }
  }

  private boolean deliveriesInStorage() {
    return changed(DELIVERIES_IN_STORAGE);
  }

  /**
   * Whether this run has {@code change} (version 1 of it), as the SDK answered the run's first
   * question: the answer cannot change within a run, and every call of {@code Workflow.getVersion}
   * costs the workflow thread a round of the event loop (three a check in the checks scenario's
   * profile when the opening asked each check, a seventh of the monitor's thread switches). Only
   * the first call records a marker, so asking once leaves the history as it was.
   */
  private boolean changed(String change) {
    Integer version = versions.get(change);
    if (version == null) {
      version = Workflow.getVersion(change, Workflow.DEFAULT_VERSION, 1);
      versions.put(change, version);
    }
    return version == 1;
  }

  /**
   * A check runs in a scope of its own, which a forced run cancels. The scope is detached: the SDK
   * keeps an attached scope among its parent's children once anything in it could be cancelled
   * (every activity can), so each check's scope, with its activities' state and payloads, stayed in
   * memory until the run ended. Nothing cancels the whole monitor (a deleted task's is terminated);
   * a cancel from the Temporal UI ends it at its next wait, after the check in flight.
   */
  private void runCheck(UUID executionId, CheckTrigger trigger, boolean suppressNotifications) {
    CancellationScope scope =
        Workflow.newDetachedCancellationScope(
            () -> check(executionId, trigger, suppressNotifications));
    running = new Running(executionId, now(), scope);
    try {
      scope.run();
    } catch (CanceledFailure e) {
      recordCancelled(executionId);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure) {
        recordCancelled(executionId);
      } else {
        // Bookkeeping itself gave up (storage down for a day): the entity lives on and tries again
        // later.
        log.error("Check {} of task {} could not be recorded", executionId, carried.taskId(), e);
        lastOutcome = LastOutcome.FAILED;
      }
    } finally {
      running = null;
      carried = carried.counted();
    }
    if (carried.state() == TaskState.ACTIVE
        && carried.nextRun() != null
        && !carried.nextRun().isAfter(now())) {
      carried = carried.withNextRun(SchedulingPolicy.afterUnrecordedCheck(now()));
    }
  }

  private void check(UUID executionId, CheckTrigger trigger, boolean suppressNotifications) {
    Instant planned = trigger == CheckTrigger.SCHEDULED ? carried.nextRun() : now();
    CheckActivities.Begin begin =
        new CheckActivities.Begin(carried.taskId(), executionId, trigger, planned);
    Opening opening =
        changed(SEARCH_OPENS_CHECK)
            ? open(begin)
            : new Opening(
                checks("Begin " + trigger.wire() + " check", trigger == CheckTrigger.SCHEDULED)
                    .beginCheck(begin),
                null,
                null);
    CheckActivities.Begun begun = opening.begun();
    if (begun.abandoned()) {
      log.info(
          "Manual check {} of task {} was not confirmed by the API; it does not run",
          executionId,
          carried.taskId());
      return;
    }
    if (!begun.taskExists()) {
      log.info("Task {} no longer exists; its monitor ends", carried.taskId());
      taskGone = true;
      return;
    }
    CheckActivities.TaskSnapshot task = begun.task();
    lastQuery = task.query();
    if (task.consecutiveFailures() != null) {
      // Storage's count is the monitor's: it survives a restart that rebuilt this monitor.
      carried = carried.withConsecutiveFailures(task.consecutiveFailures());
    }
    // A manual run of a task that is not active changes neither its state nor its schedule.
    boolean reschedule = trigger == CheckTrigger.SCHEDULED || carried.state() == TaskState.ACTIVE;

    CheckResult result;
    boolean goalReached;
    try {
      if (opening.searchFailed() != null) {
        throw opening.searchFailed();
      }
      GroundedAnswer found =
          opening.found() != null
              ? opening.found()
              : search("Grounded search", task.query())
                  .groundedSearch(
                      executionId, new SearchRequest(task.query(), task.condition(), now()));
      Judgement verdict =
          search("Evaluate", task.condition())
              .evaluateCondition(
                  executionId,
                  new JudgeRequest(
                      task.query(),
                      task.condition(),
                      found,
                      task.lastNotifiedAnswer(),
                      task.recentAnswers(),
                      now()));
      result = CheckResult.of(found, verdict);
      goalReached = verdict.conditionMet() && verdict.nextRunGiven() && verdict.nextRun() == null;
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure canceled) {
        throw canceled;
      }
      checkFailed(task, executionId, e, reschedule, suppressNotifications);
      return;
    }

    String digest = AnswerDigest.of(result.answer());
    // The stored last notified answer counts too: a monitor rebuilt after a restart has no digest
    // of its own.
    boolean alreadyTold =
        digest.equals(carried.lastNotifiedDigest())
            || task.lastNotifiedAnswer() != null
                && digest.equals(storedNotifiedDigest(task.lastNotifiedAnswer()));
    boolean notify =
        result.conditionMet()
            && result.notification() != null
            && !suppressNotifications
            && !alreadyTold;
    boolean recovered = carried.consecutiveFailures() >= FAILING_AFTER;
    NotificationEvent news =
        notify
            ? NotificationEvent.CONDITION_MET
            : recovered && !suppressNotifications ? NotificationEvent.RECOVERED : null;
    List<Delivery> messages =
        news == null
            ? List.of()
            : perChannel(
                task,
                channel ->
                    Delivery.news(
                        news,
                        about(task),
                        executionId,
                        result.notification(),
                        result.answer(),
                        result.sources(),
                        now(),
                        null,
                        channel));
    CheckActivities.Recorded recorded =
        checks("Record success: " + LastOutcome.of(result).wire(), true)
            .recordOutcome(
                CheckActivities.Outcome.success(
                    carried.taskId(),
                    executionId,
                    result,
                    reschedule,
                    goalReached,
                    notify,
                    task.name(),
                    messages));
    carried = carried.withConsecutiveFailures(0);
    lastOutcome = LastOutcome.of(result);
    applySchedule(recorded, reschedule);
    if (notify) {
      carried = carried.notified(digest);
    }
    deliverAll(messages, recorded.held());
    describe();
  }

  /**
   * How a check's opening left it: begun (or why it does not run), with the search's answer, or
   * with its failure; neither when the search is still to run (storage could not begin the check in
   * the opening, or the run predates {@link #SEARCH_OPENS_CHECK}).
   */
  private record Opening(
      CheckActivities.Begun begun, GroundedAnswer found, ActivityFailure searchFailed) {}

  private Opening open(CheckActivities.Begin begin) {
    try {
      OpeningActivities.Opened opened = opening(begin.trigger()).openWithSearch(begin);
      return new Opening(opened.begun(), opened.found(), null);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure canceled) {
        throw canceled;
      }
      // The begin as a step of its own: it waits storage out, and gives a failed search the task
      // to record it against. Begun again, the execution changes nothing.
      CheckActivities.Begun begun =
          checks("Begin " + begin.trigger().wire() + " check", true).beginCheck(begin);
      return new Opening(
          begun, null, OpeningActivities.STORAGE_UNAVAILABLE.equals(failureType(e)) ? null : e);
    }
  }

  private void checkFailed(
      CheckActivities.TaskSnapshot task,
      UUID executionId,
      ActivityFailure e,
      boolean reschedule,
      boolean suppressNotifications) {
    String message = userMessage(e);
    String internal = internalDetail(e);
    String failureType = failureType(e);
    boolean counted = !CheckActivities.Outcome.postponedBy(failureType);
    if (counted) {
      carried = carried.withConsecutiveFailures(carried.consecutiveFailures() + 1);
    }
    lastOutcome = LastOutcome.FAILED;
    List<Delivery> messages =
        counted && carried.consecutiveFailures() == FAILING_AFTER && !suppressNotifications
            ? perChannel(
                task,
                channel ->
                    Delivery.failing(about(task), executionId, message, now(), null, channel))
            : List.of();
    CheckActivities.Recorded recorded =
        checks("Record failure: " + abbreviate(message), true)
            .recordOutcome(
                CheckActivities.Outcome.failed(
                    carried.taskId(),
                    executionId,
                    message,
                    internal,
                    failureType,
                    carried.consecutiveFailures(),
                    reschedule,
                    task.name(),
                    messages));
    applySchedule(recorded, reschedule);
    deliverAll(messages, recorded.held());
    describe();
  }

  private void applySchedule(CheckActivities.Recorded recorded, boolean reschedule) {
    if (recorded.taskCompleted()) {
      carried = carried.withSchedule(TaskState.COMPLETED, null);
    } else if (reschedule && recorded.nextRun() != null) {
      carried = carried.withNextRun(recorded.nextRun());
    }
  }

  private void recordCancelled(UUID executionId) {
    // The cancelled scope can run no activity; bookkeeping happens in a detached one.
    Workflow.newDetachedCancellationScope(() ->
            cancellations()
                .recordOutcome(
                    CheckActivities.Outcome.cancelled(
                        carried.taskId(),
                        executionId,
                        "Cancelled by a forced run",
                        carried.consecutiveFailures())))
        .run();
    lastOutcome = LastOutcome.CANCELLED;
  }

  private void recordSuperseded() {
    while (!superseded.isEmpty()) {
      recordCancelled(superseded.remove(0));
    }
  }

  /**
   * One delivery per channel of the task, as {@code delivery} builds it; the record step stores
   * them with the outcome and sets their next run.
   */
  private static List<Delivery> perChannel(
      CheckActivities.TaskSnapshot task, Function<NotificationChannel, Delivery> delivery) {
    List<Delivery> messages = new ArrayList<>();
    for (NotificationChannel channel : task.notifications()) {
      messages.add(delivery.apply(channel));
    }
    return messages;
  }

  /**
   * Sends the recorded deliveries but the held ones, each its own activity; the loop does not wait
   * for them.
   */
  private void deliverAll(List<Delivery> messages, List<UUID> held) {
    for (Delivery message : messages) {
      if (held.contains(message.key().id())) {
        continue; // the owner's digest workflow sends it when it is due
      }
      deliver(message.withNextRun(carried.nextRun()), Duration.ZERO);
    }
  }

  /**
   * When the run was started to, or signalled to: the task's deliveries still owed in storage, each
   * resumed at its next attempt time, unless this run has it in flight.
   */
  private void resumeOwedDeliveriesIfAsked() {
    if (!carried.resumeDeliveries()) {
      return;
    }
    carried = carried.withResumeDeliveries(false);
    List<DeliveryStore.Outstanding> owed =
        Workflow.newLocalActivityStub(
                NotifyActivities.class,
                LocalActivityOptions.newBuilder(LOCAL_CHECK_OPTIONS)
                    .setSummary("Find deliveries still owed")
                    .build())
            .outstanding(carried.taskId());
    for (DeliveryStore.Outstanding delivery : owed) {
      deliver(delivery.delivery(), Duration.between(now(), delivery.nextAttemptAt()));
    }
  }

  private void deliver(Delivery message, Duration after) {
    deliveries.start(message, after);
  }

  private Delivery.About about(CheckActivities.TaskSnapshot task) {
    return new Delivery.About(
        carried.taskId(), carried.userId(), task.name(), task.query(), task.condition());
  }

  /**
   * Waits for deliveries in flight; their failures are recorded by the activities and must not end
   * the loop.
   */
  private void finishDeliveries() {
    deliveries.awaitAll(
        e -> log.warn("Delivery for task {} gave up: {}", carried.taskId(), e.getMessage()));
  }

  /**
   * Activity stubs carry a summary, so the Temporal UI's timeline reads as the story of the check.
   * {@code local}: the step runs as a local activity, in the workflow task that needs it, saving
   * two round trips through the server. A manual check still begins as a regular activity: the API
   * holds its pending execution row, uncommitted, until the server reports the run accepted, which
   * happens only when the workflow task that accepted it completes.
   */
  private CheckActivities checks(String summary, boolean local) {
    return checkStubs.computeIfAbsent(
        new CheckStep(summary, local),
        key ->
            local
                ? Workflow.newLocalActivityStub(
                    CheckActivities.class,
                    LocalActivityOptions.newBuilder(LOCAL_CHECK_OPTIONS)
                        .setSummary(summary)
                        .build())
                : Workflow.newActivityStub(
                    CheckActivities.class, abandonable(CHECK_OPTIONS, summary)));
  }

  /** A check stub's key: its summary, and whether it runs as a local activity. */
  private record CheckStep(String summary, boolean local) {}

  /**
   * Records a replaced check as a regular activity, so the workflow task that accepted the forced
   * run completes first: until it does, the API holds the replaced run's row uncommitted, and the
   * record waits for it.
   */
  private CheckActivities cancellations() {
    return checks("Record cancellation", false);
  }

  /**
   * The opening of a check, summarised with the query the run's last check read (the opening reads
   * the task anew). Regular for a manual check too: the begin waits for the API's pending row.
   */
  private OpeningActivities opening(CheckTrigger trigger) {
    return openingStubs.computeIfAbsent(
        new OpeningFor(trigger, lastQuery),
        key ->
            Workflow.newActivityStub(
                OpeningActivities.class,
                abandonable(
                    SEARCH_OPTIONS,
                    "Open "
                        + key.trigger().wire()
                        + " check, grounded search"
                        + (key.query() == null ? "" : ": " + abbreviate(key.query())))));
  }

  /** An opening stub's key: the summary is built only when a run meets a new trigger or query. */
  private record OpeningFor(CheckTrigger trigger, String query) {}

  /** The digest of the task's stored last notified answer, computed again only when it changed. */
  private String storedNotifiedDigest(String answer) {
    if (!answer.equals(storedNotified)) {
      storedNotified = answer;
      storedNotifiedDigest = AnswerDigest.of(answer);
    }
    return storedNotifiedDigest;
  }

  /** The failure's type when an activity threw it as an application failure; null otherwise. */
  private static String failureType(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure app ? app.getType() : null;
  }

  /** A search stub's key: its step and what it is about, without joining them every check. */
  private record StepAbout(String step, String about) {}

  /** {@code step} names the step, {@code about} what it searches or judges. */
  private SearchActivities search(String step, String about) {
    return searchStubs.computeIfAbsent(
        new StepAbout(step, about),
        key ->
            Workflow.newActivityStub(
                SearchActivities.class,
                abandonable(SEARCH_OPTIONS, step + ": " + abbreviate(about))));
  }

  /**
   * A check replaced by a forced run is abandoned, not cancelled through the server: a cancellation
   * request for an activity whose completion is in the same workflow task makes the embedded test
   * server refuse that task and every retry of it (ACTIVITY_UNKNOWN), freezing the monitor; and our
   * activities never heartbeat, so the request would never reach them anyway. Retries of an
   * abandoned search end at once ({@link CurrentChecksOnly}).
   */
  private static ActivityOptions abandonable(ActivityOptions options, String summary) {
    return ActivityOptions.newBuilder(options)
        .setSummary(summary)
        .setCancellationType(ActivityCancellationType.ABANDON)
        .build();
  }

  // Compiled once: every check's opening summary abbreviates the query.
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    String line = WHITESPACE.matcher(text).replaceAll(" ").strip();
    return line.length() <= 80 ? line : line.substring(0, 79) + "…";
  }

  /**
   * Keeps the task's search attributes current for operators' filters, when the namespace has them.
   */
  private void publish() {
    if (!carried.searchAttributes()) {
      return;
    }
    var now = new MonitorSearchAttributes.Values(carried.state(), carried.nextRun(), lastOutcome);
    var changes = MonitorSearchAttributes.changes(published, now);
    if (changes.length == 0) {
      return;
    }
    published = now;
    Workflow.upsertTypedSearchAttributes(changes);
  }

  private void describe() {
    Workflow.setCurrentDetails(
        "last check: "
            + lastOutcome.wire()
            + " · next check: "
            + (carried.nextRun() == null ? "none" : carried.nextRun().toString())
            + " · failures in a row: "
            + carried.consecutiveFailures());
  }

  static String userMessage(ActivityFailure e) {
    Throwable cause = e.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (cause instanceof TemporalFailure t) {
      return "The check did not finish in time: " + t.getOriginalMessage();
    }
    return "The check failed";
  }

  private static String internalDetail(ActivityFailure e) {
    if (e.getCause() instanceof ApplicationFailure app && app.getDetails().getSize() > 0) {
      return app.getDetails().get(0, String.class);
    }
    return e.getCause() == null ? e.getMessage() : e.getCause().toString();
  }

  private Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public void pause() {
    if (carried.state() == TaskState.ACTIVE) {
      carried = carried.withSchedule(TaskState.PAUSED, carried.nextRun());
    }
  }

  @Override
  public void resume(Instant at) {
    if (carried.state() != TaskState.COMPLETED) {
      carried = carried.withSchedule(TaskState.ACTIVE, at);
      scheduleChanged = true;
    }
  }

  @Override
  public void complete() {
    carried = carried.withSchedule(TaskState.COMPLETED, null);
  }

  @Override
  public void reschedule(Instant at) {
    if (carried.state() == TaskState.ACTIVE && at != null) {
      carried = carried.withNextRun(at);
      scheduleChanged = true;
    }
  }

  @Override
  public void resumeDeliveries() {
    carried = carried.withResumeDeliveries(true);
  }

  @Override
  public void validateRunNow(RunNowRequest request) {
    if (request == null || request.executionId() == null) {
      throw new IllegalArgumentException("executionId is required");
    }
    if (!request.force() && (inFlight() || carried.pendingRun() != null)) {
      throw new CheckAlreadyRunning();
    }
  }

  @Override
  public UUID runNow(RunNowRequest request) {
    if (carried.pendingRun() != null) {
      superseded.add(carried.pendingRun().executionId());
    }
    carried = carried.withPendingRun(request);
    if (running != null) {
      // A forced run (or one past a stuck check) cancels the check in flight for real.
      running.scope().cancel("superseded by a forced run");
    }
    return request.executionId();
  }

  private boolean inFlight() {
    return running != null && Duration.between(running.since(), now()).compareTo(STUCK_AFTER) < 0;
  }

  @Override
  public MonitorState state() {
    return new MonitorState(
        carried.taskId(),
        carried.state(),
        carried.nextRun(),
        running == null ? null : running.executionId(),
        running == null ? null : running.since(),
        carried.consecutiveFailures(),
        carried.checksRun(),
        lastOutcome);
  }
}
