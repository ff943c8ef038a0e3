package ai.torale.db;

import ai.torale.monitor.CheckTrigger;
import ai.torale.monitor.ExecutionStatus;
import ai.torale.monitor.TaskState;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.NoTemplateEngine;
import org.jdbi.v3.jackson2.Jackson2Config;
import org.jdbi.v3.jackson2.Jackson2Plugin;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * One Jdbi setup for the app and the tests: jsonb through the app's ObjectMapper, enums as their
 * wire words.
 */
public final class JdbiSetup {
  private JdbiSetup() {}

  public static Jdbi configure(Jdbi jdbi, ObjectMapper mapper) {
    statementsAsWritten(jdbi);
    jdbi.installPlugin(new PostgresPlugin());
    jdbi.installPlugin(new Jackson2Plugin());
    jdbi.getConfig(Jackson2Config.class).setMapper(mapper);
    wireWords(jdbi, TaskState.class, TaskState::wire);
    wireWords(jdbi, ExecutionStatus.class, ExecutionStatus::wire);
    wireWords(jdbi, CheckTrigger.class, CheckTrigger::wire);
    return jdbi;
  }

  /**
   * Our statements are plain SQL: none defines a {@code <attribute>} and none is a SQL Object
   * method for Dropwizard's engine to prepend the name of. Any template engine only cost work on
   * every execution (Dropwizard's re-ran the lexer, Jdbi's own rebuilt the text); without one the
   * text goes as written to the SQL parser, whose result Jdbi caches.
   */
  public static void statementsAsWritten(Jdbi jdbi) {
    jdbi.setTemplateEngine(new NoTemplateEngine());
  }

  private static <E extends Enum<E>> void wireWords(
      Jdbi jdbi, Class<E> type, Function<E, String> wire) {
    // Preparable, so it is asked before Jdbi's own enum binding (which would bind the constant's
    // name).
    jdbi.registerArgument(
        new ArgumentFactory.Preparable() {
          @Override
          public Optional<Function<Object, Argument>> prepare(
              Type paramType, ConfigRegistry config) {
            if (!type.equals(paramType)) {
              return Optional.empty();
            }
            return Optional.of(value ->
                (position, statement, ctx) ->
                    statement.setString(
                        position, value == null ? null : wire.apply(type.cast(value))));
          }
        });
    jdbi.registerColumnMapper(
        type,
        (rs, column, ctx) -> {
          String word = rs.getString(column);
          return word == null
              ? null
              : Arrays.stream(type.getEnumConstants())
                  .filter(e -> wire.apply(e).equals(word))
                  .findFirst()
                  .orElseThrow(() ->
                      new IllegalStateException("Unknown " + type.getSimpleName() + ": " + word));
        });
  }
}
