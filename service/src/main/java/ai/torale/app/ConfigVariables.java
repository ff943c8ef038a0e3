package ai.torale.app;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import java.util.function.UnaryOperator;

/**
 * Environment variables in config.yml, read as a shell reads {@code ${VAR:-default}}: a variable
 * set to the empty string counts as unset and takes the default. Compose files and .env templates
 * often pass a variable through empty; it must not turn a working default (the embedded database, a
 * port) into an invalid value.
 */
final class ConfigVariables extends EnvironmentVariableSubstitutor {
  ConfigVariables() {
    this(System::getenv);
  }

  ConfigVariables(UnaryOperator<String> environment) {
    super(false);
    setVariableResolver(name -> {
      String value = environment.apply(name);
      return value == null || value.isEmpty() ? null : value;
    });
  }
}
