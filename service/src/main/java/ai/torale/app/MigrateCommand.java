package ai.torale.app;

import ai.torale.db.EmbeddedDatabase;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code java -jar torale.jar migrate config.yml}: applies the Flyway migrations to the configured
 * database.
 */
final class MigrateCommand extends ConfiguredCommand<ToraleConfiguration> {
  MigrateCommand() {
    super("migrate", "Apply database migrations and exit");
  }

  @Override
  protected void run(
      Bootstrap<ToraleConfiguration> bootstrap, Namespace namespace, ToraleConfiguration config) {
    if (EmbeddedDatabase.wanted(config.getDatabase())) {
      throw new IllegalArgumentException(
          "migrate needs TORALE_DATABASE_URL; the embedded database migrates itself");
    }
    ToraleApplication.migrate(config.getDatabase());
  }
}
