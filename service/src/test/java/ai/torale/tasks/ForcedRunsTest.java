package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.support.Api;
import ai.torale.support.QuickSearch;
import ai.torale.support.TestDatabase;
import ai.torale.support.TestWorker;
import ai.torale.support.ToraleApp;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.grpc.StatusRuntimeException;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Forced runs that race each other and the checks they replace. Each forced run cancels the check
 * in flight, which may be finishing at that very moment: whatever the timing, every request is
 * answered 200 at once, every replaced run ends cancelled, and the monitor keeps running checks
 * afterwards.
 */
class ForcedRunsTest {
  private static final Set<String> FINISHED = Set.of("success", "failed", "cancelled");

  @Test
  void simultaneousForcedRunsNeverFreezeTheTask() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(database, ConfigOverride.config("temporal.workerEnabled", "false"))) {
      WorkerFactory workers = TestWorker.start(app, new QuickSearch(), store -> store);
      try {
        Api api = app.api();
        String key =
            api.post("/api/v1/admin/users", app.adminKey, "{\"email\":\"forced@example.com\"}")
                .field("api_key");
        String id =
            api.post("/api/v1/tasks", key, "{\"search_query\":\"q\",\"state\":\"paused\"}")
                .field("id");
        String execute = "/api/v1/tasks/" + id + "/execute?force=true";
        List<String> accepted = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
          List<CompletableFuture<Api.Reply>> pair =
              List.of(
                  CompletableFuture.supplyAsync(() -> api.post(execute, key, null)),
                  CompletableFuture.supplyAsync(() -> api.post(execute, key, null)));
          for (CompletableFuture<Api.Reply> reply : pair) {
            Api.Reply answer = reply.get(30, TimeUnit.SECONDS);
            assertEquals(
                200, answer.status(), () -> "round " + accepted.size() / 2 + ": " + answer);
            accepted.add(answer.field("id"));
          }
          Thread.sleep(ThreadLocalRandom.current().nextInt(80));
        }

        // Every accepted run ends: the last one (or a later one) succeeds, none stays pending or
        // running.
        for (String execution : accepted) {
          String status = awaitFinished(api, key, id, execution);
          assertTrue(
              FINISHED.contains(status),
              () -> execution + " ended " + status + "\n" + story(app, id));
        }
        // And the monitor still answers and runs: a plain run-now is accepted and succeeds.
        Api.Reply plain = api.post("/api/v1/tasks/" + id + "/execute", key, null);
        assertEquals(200, plain.status(), plain::toString);
        assertEquals("success", awaitFinished(api, key, id, plain.field("id")));
      } finally {
        workers.shutdownNow();
      }
    }
  }

  /**
   * The monitor's histories, an event a line, oldest run first, for a failure under load: which run
   * took up each forced run (a run accepted before a continue-as-new is in an earlier run, told
   * while the server still holds it), which it recorded cancelled, and what it waits on.
   */
  private static String story(ToraleApp app, String task) {
    String workflowId = MonitorWorkflow.workflowId(UUID.fromString(task));
    List<String> runs = new ArrayList<>();
    String runId = null;
    do {
      List<HistoryEvent> events;
      try {
        events = app.temporal().fetchHistory(workflowId, runId).getHistory().getEventsList();
      } catch (StatusRuntimeException e) {
        // The embedded server lets go of closed runs a while after they close.
        runs.add(0, "run " + runId + ": no longer held by the server (" + e.getStatus() + ")\n");
        break;
      }
      runs.add(0, "run " + (runId == null ? "(current)" : runId) + "\n" + events(events));
      runId =
          events.isEmpty()
              ? ""
              : events
                  .get(0)
                  .getWorkflowExecutionStartedEventAttributes()
                  .getContinuedExecutionRunId();
    } while (!runId.isEmpty());
    return String.join("", runs);
  }

  private static String events(List<HistoryEvent> events) {
    StringBuilder story = new StringBuilder();
    for (HistoryEvent event : events) {
      story.append(event.getEventId()).append(' ').append(event.getEventType());
      if (event.hasActivityTaskScheduledEventAttributes()) {
        story.append(' ').append(event.getUserMetadata().getSummary().getData().toStringUtf8());
      }
      if (event.hasWorkflowExecutionUpdateAcceptedEventAttributes()) {
        story
            .append(' ')
            .append(
                event
                    .getWorkflowExecutionUpdateAcceptedEventAttributes()
                    .getAcceptedRequest()
                    .getInput()
                    .getArgs()
                    .getPayloads(0)
                    .getData()
                    .toStringUtf8());
      }
      story.append('\n');
    }
    return story.toString();
  }

  private static String awaitFinished(Api api, String key, String task, String execution)
      throws InterruptedException {
    String status = null;
    for (int i = 0; i < 300; i++) {
      JsonNode json = api.get("/api/v1/tasks/" + task + "/executions/" + execution, key).json();
      status = json.path("status").asText();
      if (FINISHED.contains(status)) {
        return status;
      }
      Thread.sleep(100);
    }
    return status;
  }
}
