package ai.torale.health;

import ai.torale.search.Providers;
import com.codahale.metrics.health.HealthCheck;

/**
 * A search provider is configured; without one every check fails. Names the provider, never its
 * key.
 */
public final class SearchProviderHealthCheck extends HealthCheck {
  private final Providers providers;

  public SearchProviderHealthCheck(Providers providers) {
    this.providers = providers;
  }

  @Override
  protected Result check() {
    return "none".equals(providers.name())
        ? Result.unhealthy("No search provider configured")
        : Result.healthy("provider " + providers.name());
  }
}
