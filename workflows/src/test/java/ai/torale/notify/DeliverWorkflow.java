package ai.torale.notify;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The Deliver activity as MonitorWorkflowImpl schedules it (same options), without the rest of the
 * monitor.
 */
@WorkflowInterface
public interface DeliverWorkflow {
  String QUEUE = "notify-test";

  @WorkflowMethod
  void deliver(NotifyActivities.Delivery delivery);

  class Impl implements DeliverWorkflow {
    private final NotifyActivities notifier =
        Workflow.newActivityStub(NotifyActivities.class, NotifyActivities.OPTIONS);

    @Override
    public void deliver(NotifyActivities.Delivery delivery) {
      notifier.deliver(delivery);
    }
  }
}
