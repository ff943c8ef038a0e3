package ai.torale.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health} on the API port, for load balancers: {@code {"status":"healthy"}}, or 503
 * {@code {"status":"degraded","checks":{…}}} naming what is wrong (messages only: no exceptions, no
 * secrets).
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
  private final HealthCheckRegistry checks;

  public HealthResource(HealthCheckRegistry checks) {
    this.checks = checks;
  }

  @GET
  public Response health() {
    Map<String, Object> results = new LinkedHashMap<>();
    boolean healthy = true;
    for (Map.Entry<String, HealthCheck.Result> check : checks.runHealthChecks().entrySet()) {
      HealthCheck.Result result = check.getValue();
      healthy &= result.isHealthy();
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("healthy", result.isHealthy());
      if (result.getMessage() != null) {
        summary.put("message", result.getMessage());
      }
      results.put(check.getKey(), summary);
    }
    if (healthy) {
      return Response.ok(Map.of("status", "healthy")).build();
    }
    return Response.status(503).entity(Map.of("status", "degraded", "checks", results)).build();
  }
}
