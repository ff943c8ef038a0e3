package ai.torale.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.db.JdbiSetup;
import ai.torale.executions.ExecutionDao;
import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckResult;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.MonitorStore;
import ai.torale.search.Source;
import ai.torale.support.AppTest;
import ai.torale.tasks.TaskDao;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** A check's bookkeeping against PostgreSQL: what begin reads, what finish moves. */
class PostgresMonitorStoreTest extends AppTest {
  private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

  /** The service's Jdbi setup (its column and argument types), on the test database. */
  private Jdbi jdbi() {
    return JdbiSetup.configure(
        Jdbi.create(database.url(), database.user(), database.password()), MAPPER);
  }

  private PostgresMonitorStore store() {
    return new PostgresMonitorStore(jdbi(), MAPPER, new NotificationTargets(false));
  }

  @Test
  void beginReadsTheTaskWithItsRecentAnswersOldestFirst() {
    UUID task = pausedTask(newUser());
    PostgresMonitorStore store = store();
    for (String answer : List.of("one", "two", "three", "four")) {
      UUID execution = UUID.randomUUID();
      store.beginExecution(scheduled(task, execution), Instant.now());
      store.record(success(task, execution, answer, null), Instant.now(), null);
    }
    UUID current = UUID.randomUUID();

    CheckActivities.Begun begun = store.beginExecution(scheduled(task, current), Instant.now());

    assertEquals(List.of("two", "three", "four"), begun.task().recentAnswers());
    assertEquals("New Monitor", begun.task().name());
    assertEquals(
        current,
        app.jdbi()
            .withHandle(h ->
                h.createQuery("SELECT last_execution_id FROM tasks WHERE id = :id")
                    .bind("id", task)
                    .mapTo(UUID.class)
                    .one()));
  }

  /**
   * A task checked hourly for months has thousands of executions; its begin reads the last few
   * answers along the task's index, newest first, and stops there.
   */
  @Test
  void beginReadsTheRecentAnswersWithoutReadingTheWholeHistory() {
    UUID task = pausedTask(newUser());
    app.jdbi()
        .useHandle(h -> {
          h.createUpdate(
                  "INSERT INTO executions (id, task_id, status, trigger, started_at, completed_at, "
                      + "created_at, result) SELECT gen_random_uuid(), :task, 'success', 'scheduled', "
                      + "t, t, t, jsonb_build_object('answer', 'answer ' || i) FROM generate_series(1, 3000) i, "
                      + "LATERAL (SELECT now() - make_interval(hours => i) AS t) at")
              .bind("task", task)
              .execute();
          h.execute("ANALYZE executions");
        });
    UUID execution = UUID.randomUUID();

    String plan =
        jdbi()
            .withHandle(h -> {
              h.begin();
              try {
                return h.createQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + CheckRows.BEGIN)
                    .bind("execution", execution)
                    .bind("task", task)
                    .bindByType("trigger", CheckTrigger.SCHEDULED, CheckTrigger.class)
                    .bind("now", Instant.now())
                    .bind("recent", PostgresMonitorStore.RECENT_ANSWERS)
                    .mapTo(String.class)
                    .one();
              } finally {
                h.rollback();
              }
            });

    assertFalse(plan.contains("\"Node Type\": \"Sort\""), "no sort of the history: " + plan);
    assertFalse(plan.contains("\"Seq Scan\""), "no scan of the table: " + plan);
    assertEquals(
        List.of("answer 3", "answer 2", "answer 1"),
        store().beginExecution(scheduled(task, execution), Instant.now()).task().recentAnswers());
    store().record(success(task, execution, "answer 0", null), Instant.now(), null);
  }

  @Test
  void aRetriedBeginKeepsTheRunningExecutionAndItsStart() {
    UUID task = pausedTask(newUser());
    PostgresMonitorStore store = store();
    UUID execution = UUID.randomUUID();
    Instant first = Instant.parse("2026-12-02T10:00:00Z");

    store.beginExecution(scheduled(task, execution), first);
    CheckActivities.Begun again =
        store.beginExecution(scheduled(task, execution), first.plusSeconds(60));

    assertEquals(task, again.task().taskId(), "a retried opening still reads the task");
    assertEquals(
        first,
        app.jdbi()
            .withHandle(h ->
                h.createQuery("SELECT started_at FROM executions WHERE id = :id")
                    .bind("id", execution)
                    .mapTo(Instant.class)
                    .one()));
    assertEquals("running", statusOf(execution));
    // Finished, so no running row is left to another test of this database.
    store.record(success(task, execution, "answer", null), Instant.now(), null);
  }

  @Test
  void aSuccessLeavesTheTaskItsLastKnownStateWithEveryFieldEvenNull() {
    UUID task = pausedTask(newUser());
    UUID execution = UUID.randomUUID();
    Instant at = Instant.parse("2026-12-03T10:15:30.123Z");
    store().beginExecution(scheduled(task, execution), at);
    store().record(success(task, execution, "café — ✓", null), at, null);

    // jsonb's text: keys by length, then bytes.
    assertEquals(
        "{\"topic\": null, \"answer\": \"café — ✓\", \"checked_at\": \"2026-12-03T10:15:30.123Z\", "
            + "\"confidence\": 80, \"condition_met\": false}",
        jdbi()
            .withHandle(h ->
                h.select("SELECT last_known_state::text FROM tasks WHERE id = ?", task)
                    .mapTo(String.class)
                    .one()));
  }

  @Test
  void recordStoresTheResultAndItsSourcesAsJsonAndAFailureNeither() throws Exception {
    UUID task = pausedTask(newUser());
    PostgresMonitorStore store = store();
    UUID succeeded = UUID.randomUUID();
    store.beginExecution(scheduled(task, succeeded), Instant.now());
    List<Source> sources = List.of(new Source("https://example.org/notes", "Release notes"));
    store.record(
        CheckActivities.Outcome.success(
            task,
            succeeded,
            new CheckResult(
                true,
                "It is out",
                "Version 3 is out",
                "evidence",
                90,
                null,
                "Topic",
                sources,
                List.of("version 3"),
                "model",
                new CheckResult.Models("model", "model"),
                new CheckResult.Usage(1, 1)),
            true,
            false,
            false,
            "New Monitor",
            List.of()),
        Instant.now(),
        null);
    UUID failed = UUID.randomUUID();
    store.beginExecution(scheduled(task, failed), Instant.now());
    store.record(
        CheckActivities.Outcome.failed(
            task, failed, "The provider refused", null, null, 1, true, "New Monitor", List.of()),
        Instant.now(),
        null);

    CheckResult stored = MAPPER.readValue(storedJson(succeeded, "result"), CheckResult.class);
    assertEquals("It is out", stored.answer());
    assertEquals(sources, stored.sources());
    assertEquals(
        sources,
        List.of(MAPPER.readValue(storedJson(succeeded, "grounding_sources"), Source[].class)));
    assertNull(storedJson(failed, "result"));
    assertNull(storedJson(failed, "grounding_sources"));
  }

  /** An execution's jsonb column as PostgreSQL holds it; SQL NULL as null. */
  private String storedJson(UUID execution, String column) {
    return app.jdbi()
        .withHandle(h ->
            h.createQuery("SELECT " + column + "::text FROM executions WHERE id = :id")
                .bind("id", execution)
                .mapTo(String.class)
                .one());
  }

  @Test
  void aNameTakenWhileTheCheckFinishesKeepsTheDefaultAndStillRecordsTheCheck() throws Exception {
    Owned owned = ownedTask();
    UUID task = owned.task();
    UUID owner = owned.owner();
    PostgresMonitorStore store = store();
    UUID execution = UUID.randomUUID();
    store.beginExecution(scheduled(task, execution), Instant.now());

    // Another transaction takes the topic's name but has not committed: the rename cannot see it,
    // and its
    // unique index waits for it, then fails.
    try (Handle other = app.jdbi().open()) {
      other.begin();
      other.execute(
          "INSERT INTO tasks (id, user_id, name, search_query, condition_description, state, "
              + "state_changed_at, created_at) VALUES (?, ?, 'Topic taken', 'q', 'c', 'paused', now(), now())",
          UUID.randomUUID(),
          owner);
      CompletableFuture<Void> finish =
          CompletableFuture.runAsync(() ->
              store.record(
                  success(task, execution, "the answer", "Topic taken"), Instant.now(), null));
      Thread.sleep(300);
      other.commit();
      finish.get(10, TimeUnit.SECONDS);
    }

    app.jdbi()
        .useHandle(h -> {
          assertEquals("New Monitor", name(task));
          assertEquals(
              "success",
              h.createQuery("SELECT status FROM executions WHERE id = :id")
                  .bind("id", execution)
                  .mapTo(String.class)
                  .one());
          assertTrue(
              h.createQuery("SELECT last_known_state ->> 'answer' FROM tasks WHERE id = :id")
                  .bind("id", task)
                  .mapTo(String.class)
                  .one()
                  .contains("the answer"));
        });
  }

  /**
   * A run-now request holds its transaction open until the monitor accepts the run, and the monitor
   * accepts it only after its current workflow task, which may be recording a check of the same
   * task: that check must not wait for the request's locks.
   */
  @Test
  void aRunNowRequestInFlightDoesNotHoldUpTheChecksBookkeeping() throws Exception {
    Owned owned = ownedTask();
    UUID task = owned.task();
    UUID owner = owned.owner();
    PostgresMonitorStore store = store();
    try (Handle request = jdbi().open()) {
      request.begin();
      assertTrue(new TaskDao(request).shareOwned(task, owner).isPresent());
      new ExecutionDao(request)
          .insertPending(UUID.randomUUID(), task, CheckTrigger.MANUAL, Instant.now(), false);

      UUID execution = UUID.randomUUID();
      CompletableFuture<Void> check =
          CompletableFuture.runAsync(() -> {
            store.beginExecution(scheduled(task, execution), Instant.now());
            store.record(
                success(task, execution, "answer", "A topic"),
                Instant.now(),
                new MonitorStore.Reschedule(Instant.now().plusSeconds(3600)));
          });
      check.get(10, TimeUnit.SECONDS);
      request.commit();
    }
    assertEquals(
        "New Monitor", name(task), "the rename did not wait for the request; it is left for later");
    UUID next = UUID.randomUUID();
    store.beginExecution(scheduled(task, next), Instant.now());
    store.record(success(task, next, "answer", "A topic"), Instant.now(), null);
    assertEquals("A topic", name(task));
  }

  @Test
  void aFailedCheckOfATaskWithTheDefaultNameIsRecordedAndKeepsTheName() {
    UUID task = pausedTask(newUser());
    PostgresMonitorStore store = store();
    UUID execution = UUID.randomUUID();
    store.beginExecution(scheduled(task, execution), Instant.now());

    store.record(
        CheckActivities.Outcome.failed(
            task,
            execution,
            "The search provider is not answering",
            "503",
            null,
            1,
            true,
            "New Monitor",
            List.of()),
        Instant.now(),
        null);

    assertEquals("New Monitor", name(task));
    assertEquals(
        "failed",
        app.jdbi()
            .withHandle(h ->
                h.createQuery("SELECT status FROM executions WHERE id = :id")
                    .bind("id", execution)
                    .mapTo(String.class)
                    .one()));
  }

  /**
   * A forced run replaces a run the monitor accepted a moment ago: the API may not have committed
   * that run's pending row yet. Its cancellation waits for the commit and cancels the row; a
   * rolled-back request leaves none.
   */
  @Test
  void aReplacedRunIsCancelledOnceTheRequestThatCreatedItCommits() throws Exception {
    UUID task = pausedTask(newUser());
    PostgresMonitorStore store = store();
    for (boolean commit : List.of(true, false)) {
      UUID execution = UUID.randomUUID();
      try (Handle request = jdbi().open()) {
        request.begin();
        new ExecutionDao(request)
            .insertPending(execution, task, CheckTrigger.MANUAL, Instant.now(), false);
        CompletableFuture<Void> cancel =
            CompletableFuture.runAsync(() ->
                store.record(
                    CheckActivities.Outcome.cancelled(
                        task, execution, "Cancelled by a forced run", 0),
                    Instant.now(),
                    null));
        Thread.sleep(300);
        if (commit) {
          request.commit();
        } else {
          request.rollback();
        }
        cancel.get(10, TimeUnit.SECONDS);
      }
      List<String> status =
          app.jdbi()
              .withHandle(h ->
                  h.createQuery("SELECT status FROM executions WHERE id = :id")
                      .bind("id", execution)
                      .mapTo(String.class)
                      .list());
      assertEquals(commit ? List.of("cancelled") : List.of(), status);
    }
  }

  /**
   * A task deleted while its manual run begins: the delete holds the task's row and then removes
   * its executions; the begin takes the task's row before the execution's, so it waits for the
   * delete and finds the task gone, where taking them the other way round deadlocked and failed one
   * of the two.
   */
  @Test
  void aTaskDeletedWhileItsRunBeginsIsGoneWithoutADeadlock() throws Exception {
    Owned owned = ownedTask();
    UUID task = owned.task();
    UUID execution = UUID.randomUUID();
    jdbi()
        .useHandle(h ->
            new ExecutionDao(h)
                .insertPending(execution, task, CheckTrigger.MANUAL, Instant.now(), false));
    PostgresMonitorStore store = store();
    try (Handle request = jdbi().open()) {
      request.begin();
      assertTrue(new TaskDao(request).lockOwned(task, owned.owner()).isPresent());
      CompletableFuture<CheckActivities.Begun> begin =
          CompletableFuture.supplyAsync(() ->
              store.beginExecution(
                  new CheckActivities.Begin(task, execution, CheckTrigger.MANUAL, Instant.now()),
                  Instant.now()));
      awaitWaitingOnALock("WITH task AS%");
      new TaskDao(request).delete(task);
      request.commit();

      assertFalse(begin.get(10, TimeUnit.SECONDS).taskExists());
    }
  }

  /**
   * A stop of the embedded server records the checks it leaves running in one statement; a check
   * that records its end, or a retry that begins it again, after that statement changes nothing.
   */
  @Test
  void aShutdownEndsRunningChecksAndWhatTheyRecordLaterChangesNothing() {
    UUID task = pausedTask(newUser());
    PostgresMonitorStore store = store();
    UUID scheduled = UUID.randomUUID();
    store.beginExecution(scheduled(task, scheduled), Instant.now());
    UUID manual = UUID.randomUUID();
    UUID waiting = UUID.randomUUID();
    UUID finished = UUID.randomUUID();
    jdbi()
        .useHandle(h -> {
          ExecutionDao executions = new ExecutionDao(h);
          executions.insertPending(manual, task, CheckTrigger.MANUAL, Instant.now(), true);
          executions.insertPending(waiting, task, CheckTrigger.MANUAL, Instant.now(), false);
        });
    store.beginExecution(
        new CheckActivities.Begin(task, manual, CheckTrigger.MANUAL, Instant.now()), Instant.now());
    store.beginExecution(scheduled(task, finished), Instant.now());
    store.record(success(task, finished, "answer", null), Instant.now(), null);

    int interrupted =
        jdbi().withHandle(h -> new ExecutionDao(h).interruptByShutdown(Instant.now()));

    assertEquals(2, interrupted);
    assertEquals("failed Interrupted by shutdown", statusOf(scheduled));
    assertEquals("pending", statusOf(manual), "the next start runs it again");
    assertEquals("pending", statusOf(waiting));
    assertEquals("success", statusOf(finished));

    store.record(success(task, scheduled, "late", null), Instant.now(), null);
    store.beginExecution(scheduled(task, scheduled), Instant.now());
    assertEquals("failed Interrupted by shutdown", statusOf(scheduled), "nothing resurrects it");
  }

  /**
   * A scheduled check's begin is one round trip to PostgreSQL. The driver before 42.7.13 sent a
   * Sync and waited for the server's answer before every execution of a prepared statement with a
   * timestamp parameter and text in its rows, the begin's among them: a second round trip every
   * check, with nothing before it to wait for (the checks profile: 0.04 ms a check on the worker,
   * none on the floor's statements). The driver logs each such Sync.
   */
  @Test
  void aBeginIsOneRoundTripOnceItsStatementIsPrepared() {
    UUID task = pausedTask(newUser());
    List<String> forcedSyncs = new CopyOnWriteArrayList<>();
    Handler syncs =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getMessage() != null && r.getMessage().startsWith("Forcing Sync")) {
              forcedSyncs.add(r.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger driver = Logger.getLogger("org.postgresql");
    Level level = driver.getLevel();
    driver.setLevel(Level.FINEST);
    driver.addHandler(syncs);
    // One connection, past the driver's prepareThreshold (5): prepared and described, as a pooled
    // connection's statement is. Rolled back: the other tests count running executions.
    try (Handle h = jdbi().open()) {
      h.begin();
      for (int i = 0; i < 10; i++) {
        new CheckRows(h)
            .begin(
                task,
                UUID.randomUUID(),
                CheckTrigger.SCHEDULED,
                Instant.now(),
                PostgresMonitorStore.RECENT_ANSWERS);
      }
      h.rollback();
    } finally {
      driver.removeHandler(syncs);
      driver.setLevel(level);
    }

    assertEquals(List.of(), forcedSyncs);
  }

  private String statusOf(UUID execution) {
    return app.jdbi()
        .withHandle(h ->
            h.createQuery(
                    "SELECT trim(status || ' ' || coalesce(error_message, '')) "
                        + "FROM executions WHERE id = :id")
                .bind("id", execution)
                .mapTo(String.class)
                .one());
  }

  private String name(UUID task) {
    return app.jdbi()
        .withHandle(h ->
            h.createQuery("SELECT name FROM tasks WHERE id = :id")
                .bind("id", task)
                .mapTo(String.class)
                .one());
  }

  private record Owned(UUID task, UUID owner) {}

  /** A paused task of a new user, still called "New Monitor". */
  private Owned ownedTask() {
    String key = newUser();
    return new Owned(pausedTask(key), UUID.fromString(api.get("/api/v1/auth/me", key).field("id")));
  }

  private UUID pausedTask(String key) {
    return UUID.fromString(
        createTask(key, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText());
  }

  private static CheckActivities.Begin scheduled(UUID task, UUID execution) {
    return new CheckActivities.Begin(task, execution, CheckTrigger.SCHEDULED, Instant.now());
  }

  private static CheckActivities.Outcome success(
      UUID task, UUID execution, String answer, String topic) {
    CheckResult result =
        new CheckResult(
            false,
            answer,
            null,
            "evidence",
            80,
            null,
            topic,
            List.of(),
            List.of(),
            "model",
            new CheckResult.Models("model", "model"),
            new CheckResult.Usage(1, 1));
    return CheckActivities.Outcome.success(
        task, execution, result, true, false, false, "New Monitor", List.of());
  }
}
