package ai.torale.health;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.serviceclient.WorkflowServiceStubs;

/** The Temporal frontend answers its health probe. */
public final class TemporalHealthCheck extends HealthCheck {
  private final WorkflowServiceStubs stubs;

  public TemporalHealthCheck(WorkflowServiceStubs stubs) {
    this.stubs = stubs;
  }

  @Override
  protected Result check() {
    try {
      var status = stubs.healthCheck().getStatus();
      return status.name().equals("SERVING")
          ? Result.healthy()
          : Result.unhealthy("Temporal is " + status);
    } catch (RuntimeException e) {
      return Result.unhealthy("Temporal unreachable");
    }
  }
}
