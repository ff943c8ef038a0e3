package ai.torale.bench;

import ai.torale.app.ToraleApplication;
import ai.torale.app.ToraleConfiguration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The service exactly as shipped, plus bench-only routes on the same Jetty, Jersey, Jackson and
 * connection pool settings: {@code GET /bench/floor/{id}}, a JAX-RS resource that does one indexed
 * SELECT (the floor of get and list), and the write floors ({@link WriteFloors}). They are the
 * floors the API scenario compares against; they live only in the bench jar.
 */
public class BenchApplication extends ToraleApplication {
  private Jdbi floorJdbi;
  private WriteFloors writeFloors;

  @Override
  public void run(ToraleConfiguration config, Environment environment) throws Exception {
    super.run(config, environment);
    floorJdbi = new JdbiFactory().build(environment, config.getDatabase(), "bench-floor");
    environment.jersey().register(new Floor(floorJdbi));
    writeFloors = new WriteFloors(floorJdbi, temporal().client(), environment.getObjectMapper());
    environment.jersey().register(writeFloors);
    environment.lifecycle().manage(new FloorMonitor.Worker(temporal().client()));
  }

  /** The write floors, to give the seeded tasks their floor workflows. */
  WriteFloors writeFloors() {
    return writeFloors;
  }

  /** The floors' own pool, with the service's pool settings. */
  Jdbi floorJdbi() {
    return floorJdbi;
  }

  @Path("/bench/floor")
  @Produces(MediaType.APPLICATION_JSON)
  public static final class Floor {
    private final Jdbi jdbi;

    Floor(Jdbi jdbi) {
      this.jdbi = jdbi;
    }

    @GET
    @Path("/{id}")
    public Map<String, String> get(@PathParam("id") String id) {
      UUID found =
          jdbi.withHandle(h ->
                  h.createQuery("SELECT id FROM tasks WHERE id = :id")
                      .bind("id", UUID.fromString(id))
                      .mapTo(UUID.class)
                      .findOne())
              .orElseThrow(NotFoundException::new);
      return Map.of("id", found.toString());
    }
  }
}
