package ai.torale.health;

import com.codahale.metrics.health.HealthCheck;
import java.util.function.BooleanSupplier;

/** This process's worker is started and polling (only registered where the worker is enabled). */
public final class WorkerHealthCheck extends HealthCheck {
  private final BooleanSupplier polling;

  public WorkerHealthCheck(BooleanSupplier polling) {
    this.polling = polling;
  }

  @Override
  protected Result check() {
    return polling.getAsBoolean() ? Result.healthy() : Result.unhealthy("Worker is not polling");
  }
}
