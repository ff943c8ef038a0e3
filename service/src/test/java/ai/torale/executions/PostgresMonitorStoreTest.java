package ai.torale.executions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.app.JdbiSetup;
import ai.torale.monitor.CheckActivities;
import ai.torale.monitor.CheckResult;
import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.support.AppTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** A check's bookkeeping against PostgreSQL: what begin reads, what finish moves. */
class PostgresMonitorStoreTest extends AppTest {
  private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

  private PostgresMonitorStore store() {
    return new PostgresMonitorStore(JdbiSetup.configure(Jdbi.create(database.url(), database.user(),
        database.password()), MAPPER), MAPPER, new NotificationTargets(false));
  }

  @Test
  void beginReadsTheTaskWithItsRecentAnswersOldestFirst() {
    UUID task = pausedTask(newUser());
    PostgresMonitorStore store = store();
    for (String answer : List.of("one", "two", "three", "four")) {
      UUID execution = UUID.randomUUID();
      store.beginExecution(scheduled(task, execution), Instant.now());
      store.finishExecution(success(task, execution, answer, null), Instant.now());
    }
    UUID current = UUID.randomUUID();

    CheckActivities.Begun begun = store.beginExecution(scheduled(task, current), Instant.now());

    assertEquals(List.of("two", "three", "four"), begun.task().recentAnswers());
    assertEquals("New Monitor", begun.task().name());
    assertEquals(current, app.jdbi().withHandle(h -> h.createQuery(
        "SELECT last_execution_id FROM tasks WHERE id = :id").bind("id", task).mapTo(UUID.class).one()));
  }

  @Test
  void aNameTakenWhileTheCheckFinishesKeepsTheDefaultAndStillRecordsTheCheck() throws Exception {
    String key = newUser();
    UUID task = pausedTask(key);
    UUID owner = UUID.fromString(api.get("/api/v1/auth/me", key).field("id"));
    PostgresMonitorStore store = store();
    UUID execution = UUID.randomUUID();
    store.beginExecution(scheduled(task, execution), Instant.now());

    // Another transaction takes the topic's name but has not committed: the rename cannot see it, and its
    // unique index waits for it, then fails.
    try (Handle other = app.jdbi().open()) {
      other.begin();
      other.execute("INSERT INTO tasks (id, user_id, name, search_query, condition_description, state, "
          + "state_changed_at, created_at) VALUES (?, ?, 'Topic taken', 'q', 'c', 'paused', now(), now())",
          UUID.randomUUID(), owner);
      CompletableFuture<Void> finish = CompletableFuture.runAsync(
          () -> store.finishExecution(success(task, execution, "the answer", "Topic taken"), Instant.now()));
      Thread.sleep(300);
      other.commit();
      finish.get(10, TimeUnit.SECONDS);
    }

    app.jdbi().useHandle(h -> {
      assertEquals("New Monitor", h.createQuery("SELECT name FROM tasks WHERE id = :id").bind("id", task)
          .mapTo(String.class).one());
      assertEquals("success", h.createQuery("SELECT status FROM executions WHERE id = :id")
          .bind("id", execution).mapTo(String.class).one());
      assertTrue(h.createQuery("SELECT last_known_state ->> 'answer' FROM tasks WHERE id = :id")
          .bind("id", task).mapTo(String.class).one().contains("the answer"));
    });
  }

  private UUID pausedTask(String key) {
    return UUID.fromString(createTask(key, "{\"search_query\":\"q\",\"state\":\"paused\"}").get("id").asText());
  }

  private static CheckActivities.Begin scheduled(UUID task, UUID execution) {
    return new CheckActivities.Begin(task, execution, CheckTrigger.SCHEDULED, Instant.now());
  }

  private static CheckActivities.Outcome success(UUID task, UUID execution, String answer, String topic) {
    CheckResult result = new CheckResult(false, answer, null, "evidence", 80, null, topic, List.of(), List.of(),
        "model", new CheckResult.Usage(1, 1));
    return new CheckActivities.Outcome(task, execution, ExecutionStatus.SUCCESS, result, null, null, 0, true,
        false, false, "New Monitor", null);
  }
}
