package ai.torale.monitor;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Instant;
import java.util.UUID;

/**
 * One long-running workflow per task ({@code task-<uuid>}): it waits until the next run, checks,
 * records and notifies, and decides when to look next. It ends only when the task is completed.
 */
@WorkflowInterface
public interface MonitorWorkflow {
  String TASK_QUEUE = "torale-monitor";
  String ALREADY_RUNNING = "Task is already running. Use force=true to override.";

  static String workflowId(UUID taskId) {
    return "task-" + taskId;
  }

  /**
   * The task whose monitor has this workflow id (the activities know their workflow, not their
   * task).
   */
  static UUID taskId(String workflowId) {
    return UUID.fromString(workflowId.substring("task-".length()));
  }

  @WorkflowMethod(name = "Monitor")
  void monitor(MonitorInput input);

  @SignalMethod
  void pause();

  /**
   * Resumes checking at the given next run, which the API decided by the scheduling policy and
   * stored: the API and the workflow agree on it.
   */
  @SignalMethod
  void resume(Instant nextRun);

  @SignalMethod
  void complete();

  /**
   * The task's query or condition changed: look again at the given time, the API's policy decision.
   */
  @SignalMethod
  void reschedule(Instant nextRun);

  /**
   * Storage holds deliveries this monitor may not have in flight (a repair found them overdue):
   * resume every one still owed; those in flight are left alone.
   */
  @SignalMethod
  void resumeDeliveries();

  @UpdateMethod
  UUID runNow(RunNowRequest request);

  @UpdateValidatorMethod(updateName = "runNow")
  void validateRunNow(RunNowRequest request);

  @QueryMethod
  MonitorState state();
}
