package ai.torale.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.torale.monitor.MonitorWorkflow;
import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import ai.torale.temporal.MonitorClient;
import com.codahale.metrics.Counter;
import io.dropwizard.testing.ConfigOverride;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's steady pass asks Temporal only about monitors that look lost: on a system where
 * every monitor is alive it makes no call, however many tasks there are; a lost monitor whose check
 * is overdue, or whose accepted manual run never began, comes back. The calls are counted at the
 * Temporal client, apart from the reconciler's own metric.
 */
class ReconcilerRepairTest {
  private static final Duration LATE = Reconciler.GRACE.plusMinutes(1);

  @Test
  void aPassOverManyLiveMonitorsMakesNoTemporalCall() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app = quietApp(database)) {
      Setup setup = new Setup(app, 1_000);
      List<UUID> tasks = setup.activeTasks(300, Instant.now().plus(Duration.ofHours(1)));
      setup.reconciler.restoreAll();
      assertEquals(300, setup.calls.get(), "the full pass: one call per task");
      setup.calls.set(0);
      long counted = setup.metric.getCount();

      Reconciler.Pass pass = setup.reconciler.repairLost();

      assertEquals(0, setup.calls.get(), "calls reaching Temporal");
      assertEquals(0, pass.temporalCalls());
      assertEquals(counted, setup.metric.getCount());
      for (UUID task : tasks) {
        assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, status(app, task));
      }
    }
  }

  @Test
  void lostMonitorsComeBackOnceTheirCheckIsOverdue() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app = quietApp(database)) {
      // Two rows a page: the overdue tasks span three pages.
      Setup setup = new Setup(app, 2);
      Instant later = Instant.now().plus(Duration.ofHours(1));
      List<UUID> overdueLost = setup.activeTasks(3, later);
      UUID notYetDueLost = setup.activeTasks(1, later).get(0);
      UUID overdueChecking = setup.activeTasks(1, later).get(0);
      UUID overdueStuck = setup.activeTasks(1, later).get(0);
      UUID manualRunLost = setup.activeTasks(1, later).get(0);
      List<UUID> alive = setup.activeTasks(20, later);
      setup.reconciler.restoreAll();

      List<UUID> lost = new ArrayList<>(overdueLost);
      lost.addAll(List.of(notYetDueLost, overdueStuck, manualRunLost));
      for (UUID task : lost) {
        app.temporal().newUntypedWorkflowStub(MonitorWorkflow.workflowId(task)).terminate("lost");
      }
      Instant overdue = Instant.now().minus(LATE);
      for (UUID task : overdueLost) {
        setup.setNextRun(task, overdue);
      }
      // A check that a live monitor is running, and one that has run for longer than any check may.
      setup.setNextRun(overdueChecking, overdue);
      setup.lastExecutionRunningSince(overdueChecking, Instant.now());
      setup.setNextRun(overdueStuck, overdue);
      setup.lastExecutionRunningSince(
          overdueStuck, Instant.now().minus(Reconciler.CHECK_BOUND).minusSeconds(60));
      // Accepted well before this pass: an older run, replaced by a newer one, which runs.
      setup.pendingManualRun(manualRunLost, Instant.now().minus(LATE).minus(LATE));
      UUID newest = setup.pendingManualRun(manualRunLost, Instant.now().minus(LATE));
      setup.calls.set(0);

      Reconciler.Pass pass = setup.reconciler.repairLost();

      assertEquals(5, setup.calls.get(), "three overdue, one stuck, one manual run");
      assertEquals(5, pass.temporalCalls());
      List<UUID> back = new ArrayList<>(overdueLost);
      back.addAll(List.of(overdueStuck, manualRunLost, overdueChecking));
      back.addAll(alive);
      for (UUID task : back) {
        assertEquals(
            WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
            status(app, task),
            task::toString);
      }
      assertEquals(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
          status(app, notYetDueLost),
          "back once its check is overdue");
      assertNotEquals("pending", setup.awaitBegun(newest, 30_000), "the manual run began");
    }
  }

  /**
   * A manual run accepted long ago that a live monitor never had (a request answered as if it had)
   * is handed to that monitor: a start "unless one runs" left it pending for good, and asked for it
   * again on every pass.
   */
  @Test
  void anUnbegunRunALiveMonitorNeverHadIsHandedToIt() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app = quietApp(database)) {
      Setup setup = new Setup(app, 10);
      UUID task = setup.activeTasks(1, Instant.now().plus(Duration.ofHours(1))).get(0);
      setup.reconciler.restoreAll();
      UUID run = setup.pendingManualRun(task, Instant.now().minus(LATE));

      setup.reconciler.repairLost();

      assertNotEquals("pending", setup.awaitBegun(run, 30_000), "the live monitor took the run");
      assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, status(app, task));
    }
  }

  /**
   * With no worker to answer, a live monitor cannot take a stale run: the pass leaves the run to
   * the next one and goes on to the overdue tasks. It failed before them, so a lost monitor stayed
   * lost for as long as the workers were down and such a run waited.
   */
  @Test
  void aRunNoMonitorAnswersForLeavesTheRestOfThePassToRun() throws Exception {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            quietApp(database, ConfigOverride.config("temporal.workerEnabled", "false"))) {
      Setup setup = new Setup(app, 10, Duration.ofSeconds(2));
      Instant later = Instant.now().plus(Duration.ofHours(1));
      UUID live = setup.activeTasks(1, later).get(0);
      UUID lost = setup.activeTasks(1, later).get(0);
      setup.reconciler.restoreAll();
      app.temporal().newUntypedWorkflowStub(MonitorWorkflow.workflowId(lost)).terminate("lost");
      setup.setNextRun(lost, Instant.now().minus(LATE));
      UUID run = setup.pendingManualRun(live, Instant.now().minus(LATE));

      Reconciler.Pass pass = setup.reconciler.repairLost();

      assertEquals(2, pass.temporalCalls(), "the stale run's monitor, and the lost one");
      assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, status(app, lost));
      assertEquals("pending", setup.statusOf(run), "asked again by the next pass");
    }
  }

  private static ToraleApp quietApp(TestDatabase database, ConfigOverride... extra) {
    // The service's own reconciler does its first pass and then stays out of the way.
    return ToraleApp.start(
        database,
        Stream.concat(
                Stream.of(ConfigOverride.config("temporal.reconcileInterval", "1h")),
                Arrays.stream(extra))
            .toArray(ConfigOverride[]::new));
  }

  private static WorkflowExecutionStatus status(ToraleApp app, UUID task) {
    return app.temporal()
        .newUntypedWorkflowStub(MonitorWorkflow.workflowId(task))
        .describe()
        .getStatus();
  }

  /** One user's tasks in the app's database, and a reconciler whose client counts its calls. */
  private static final class Setup {
    final AtomicInteger calls = new AtomicInteger();
    final Counter metric = new Counter();
    final Reconciler reconciler;
    private final ToraleApp app;
    private final UUID user;
    private int tasks;

    Setup(ToraleApp app, int pageSize) {
      this(app, pageSize, Duration.ofSeconds(10));
    }

    Setup(ToraleApp app, int pageSize, Duration updateTimeout) {
      this.app = app;
      this.user =
          UUID.fromString(
              app.api()
                  .post("/api/v1/admin/users", app.adminKey, "{\"email\":\"lost@example.com\"}")
                  .json()
                  .get("user")
                  .get("id")
                  .asText());
      WorkflowClient counting =
          app.temporal(next ->
              new WorkflowClientCallsInterceptorBase(next) {
                @Override
                public WorkflowStartOutput start(WorkflowStartInput input) {
                  calls.incrementAndGet();
                  return super.start(input);
                }

                @Override
                public WorkflowSignalWithStartOutput signalWithStart(
                    WorkflowSignalWithStartInput input) {
                  calls.incrementAndGet();
                  return super.signalWithStart(input);
                }
              });
      reconciler =
          new Reconciler(
              app.jdbi(),
              new MonitorClient(counting, updateTimeout, false),
              Duration.ofHours(1),
              false,
              Clock.systemUTC(),
              metric,
              pageSize);
    }

    List<UUID> activeTasks(int count, Instant nextRun) {
      List<UUID> ids = new ArrayList<>();
      app.jdbi()
          .useHandle(h -> {
            for (int i = 0; i < count; i++) {
              UUID id = UUID.randomUUID();
              ids.add(id);
              h.execute(
                  "INSERT INTO tasks (id, user_id, name, search_query, condition_description, "
                      + "state, next_run, state_changed_at, created_at) "
                      + "VALUES (?, ?, ?, 'q', 'q', 'active', ?, now(), now())",
                  id,
                  user,
                  "task " + tasks++,
                  Timestamp.from(nextRun));
            }
          });
      return ids;
    }

    void setNextRun(UUID task, Instant nextRun) {
      app.jdbi()
          .useHandle(h ->
              h.execute(
                  "UPDATE tasks SET next_run = ? WHERE id = ?", Timestamp.from(nextRun), task));
    }

    void lastExecutionRunningSince(UUID task, Instant startedAt) {
      UUID execution = UUID.randomUUID();
      app.jdbi()
          .useHandle(h -> {
            h.execute(
                "INSERT INTO executions (id, task_id, status, trigger, started_at, created_at) "
                    + "VALUES (?, ?, 'running', 'scheduled', ?, ?)",
                execution,
                task,
                Timestamp.from(startedAt),
                Timestamp.from(startedAt));
            h.execute("UPDATE tasks SET last_execution_id = ? WHERE id = ?", execution, task);
          });
    }

    UUID pendingManualRun(UUID task, Instant acceptedAt) {
      UUID execution = UUID.randomUUID();
      app.jdbi()
          .useHandle(h ->
              h.execute(
                  "INSERT INTO executions (id, task_id, status, trigger, started_at, created_at) "
                      + "VALUES (?, ?, 'pending', 'manual', ?, ?)",
                  execution,
                  task,
                  Timestamp.from(acceptedAt),
                  Timestamp.from(acceptedAt)));
      return execution;
    }

    /**
     * The execution's status once it is no longer pending (or "pending" if it stays so until the
     * deadline); the caller asserts it is not.
     */
    String awaitBegun(UUID execution, long millis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + millis;
      String status = statusOf(execution);
      while ("pending".equals(status) && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
        status = statusOf(execution);
      }
      return status;
    }

    String statusOf(UUID execution) {
      return app.jdbi()
          .withHandle(h ->
              h.createQuery("SELECT status FROM executions WHERE id = :id")
                  .bind("id", execution)
                  .mapTo(String.class)
                  .one());
    }
  }
}
