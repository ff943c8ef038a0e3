package ai.torale.bench;

import ai.torale.app.ToraleApplication;
import ai.torale.app.ToraleConfiguration;
import ai.torale.db.JdbiSetup;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
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
    // Statements as written, as the service's: re-rendering each execution is no floor.
    JdbiSetup.statementsAsWritten(floorJdbi);
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

    /**
     * The floor of list: the same page the API lists (the user's 50 newest tasks, each joined with
     * its last execution, in one query), written as generic rows with no Torale code; jsonb columns
     * as their text.
     */
    @GET
    @Path("/list/{user}")
    public List<Map<String, Object>> list(@PathParam("user") String user) {
      return jdbi.withHandle(h ->
          h.createQuery(
                  "SELECT t.id, t.name, t.search_query, t.condition_description, t.state,"
                      + " t.next_run, t.created_at, t.updated_at, t.last_known_state::text,"
                      + " t.notifications::text, e.id AS e_id, e.status, e.started_at,"
                      + " e.completed_at, e.result::text, e.grounding_sources::text, e.notification"
                      + " FROM tasks t LEFT JOIN executions e"
                      + " ON e.id = t.last_execution_id AND e.task_id = t.id"
                      + " WHERE t.user_id = :user ORDER BY t.created_at DESC, t.id LIMIT 50")
              .bind("user", UUID.fromString(user))
              .mapToMap()
              .list());
    }
  }
}
