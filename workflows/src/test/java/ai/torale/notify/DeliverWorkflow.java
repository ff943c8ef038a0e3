package ai.torale.notify;

import ai.torale.monitor.NotifyActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/** The Deliver activity as MonitorWorkflowImpl schedules it (same options), without the rest of the monitor. */
@WorkflowInterface
public interface DeliverWorkflow {
  String QUEUE = "notify-test";

  @WorkflowMethod
  void deliver(NotifyActivities.Delivery delivery);

  class Impl implements DeliverWorkflow {
    private final NotifyActivities notifier = Workflow.newActivityStub(NotifyActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofHours(24))
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMinutes(1))
                .setBackoffCoefficient(3.0)
                .setMaximumInterval(Duration.ofHours(1))
                .build())
            .build());

    @Override
    public void deliver(NotifyActivities.Delivery delivery) {
      notifier.deliver(delivery);
    }
  }
}
