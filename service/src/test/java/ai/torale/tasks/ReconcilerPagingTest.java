package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import ai.torale.temporal.MonitorClient;
import com.codahale.metrics.Counter;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's full pass (the first on a fresh server) reads tasks a page at a time, so it
 * never holds every task in memory, and still gives every unfinished task its monitor, across page
 * boundaries and an exactly full last page.
 */
class ReconcilerPagingTest {

  @Test
  void everyUnfinishedTaskGetsItsMonitorPageByPage() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(database, ConfigOverride.config("temporal.reconcileInterval", "1h"))) {
      UUID user =
          UUID.fromString(
              app.api()
                  .post("/api/v1/admin/users", app.adminKey, "{\"email\":\"pages@example.com\"}")
                  .json()
                  .get("user")
                  .get("id")
                  .asText());
      List<UUID> tasks = new ArrayList<>();
      app.jdbi()
          .useHandle(h -> {
            for (int i = 0; i < 9; i++) {
              UUID id = UUID.randomUUID();
              tasks.add(id);
              h.execute(
                  "INSERT INTO tasks (id, user_id, name, search_query, condition_description, "
                      + "state, state_changed_at, created_at) VALUES (?, ?, ?, 'q', 'q', 'paused', "
                      + "now(), now())",
                  id,
                  user,
                  "page " + i);
            }
          });
      MonitorClient monitors = new MonitorClient(app.temporal(), Duration.ofSeconds(10), false);

      int visited =
          new Reconciler(
                  app.jdbi(),
                  monitors,
                  Duration.ofHours(1),
                  false,
                  Clock.systemUTC(),
                  new Counter(),
                  3)
              .restoreAll()
              .tasks();

      assertEquals(9, visited, "three full pages, then an empty one");
      for (UUID task : tasks) {
        assertEquals(
            WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
            app.temporal()
                .newUntypedWorkflowStub(MonitorWorkflow.workflowId(task))
                .describe()
                .getStatus(),
            task::toString);
      }
    }
  }
}
