package ai.torale.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One round of bare workflows ({@link BareCheck}), one per task, all due at one instant, on a
 * worker of their own: their check walls, their completion instants (sorted) and the seconds from
 * the due instant to the last.
 */
record BareRound(List<Long> walls, List<Long> completions, double seconds, Window.Measured window) {

  int done() {
    return completions.size();
  }

  static BareRound run(
      App app,
      String taskQueue,
      BareCheck.Steps steps,
      WorkerFactoryOptions factory,
      WorkerOptions options,
      List<UUID> tasks) {
    int n = tasks.size();
    WorkflowClient temporal = app.temporal();
    WorkerFactory workers = BareCheck.startWorker(temporal, taskQueue, steps, factory, options);
    try {
      BareCheck.DONE.clear();
      Instant due = Instant.now().plusMillis(3000 + 6L * n);
      String run = UUID.randomUUID().toString().substring(0, 8);
      Parallel.forEach(
          n,
          8,
          i ->
              WorkflowClient.start(
                  temporal.newWorkflowStub(
                          BareCheck.Flow.class,
                          WorkflowOptions.newBuilder()
                              .setTaskQueue(taskQueue)
                              .setWorkflowId("bench-" + run + "-" + i)
                              .build())
                      ::run,
                  tasks.get(i).toString(),
                  due.toEpochMilli()));
      return await(due, n, taskQueue);
    } finally {
      workers.shutdownNow();
    }
  }

  /**
   * Times a round of bare checks due at {@code due} from then until {@code n} are done (as {@link
   * BareCheck#DONE} counts them), as the window {@code window}.
   */
  static BareRound await(Instant due, int n, String window) {
    Window open = Window.open(window, due);
    long deadline = due.toEpochMilli() + 120_000 + 200L * n;
    while (BareCheck.DONE.size() < n && System.currentTimeMillis() < deadline) {
      Parallel.sleep(100);
    }
    Window.Measured measured = open.close();
    List<Long> walls = new ArrayList<>();
    List<Long> completions = new ArrayList<>();
    for (long[] d : BareCheck.DONE) {
      walls.add(d[1] - d[0]);
      completions.add(d[1]);
    }
    completions.sort(null);
    long last = completions.isEmpty() ? due.toEpochMilli() : completions.getLast();
    return new BareRound(walls, completions, (last - due.toEpochMilli()) / 1000.0, measured);
  }
}
