package ai.torale.db;

import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jdbi3.NamePrependingTemplateEngine;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.junit.jupiter.api.Test;

class JdbiSetupTest {
  @Test
  void statementsGoToTheParserAsWrittenNotRenderedOnEveryExecution() {
    Jdbi jdbi = Jdbi.create("jdbc:postgresql://127.0.0.1:1/never-connected");
    // What Dropwizard's JdbiFactory installs: an engine Jdbi cannot cache the parse of.
    jdbi.setTemplateEngine(
        new NamePrependingTemplateEngine(jdbi.getConfig(SqlStatements.class).getTemplateEngine()));

    JdbiSetup.configure(jdbi, new ObjectMapper());

    TemplateEngine engine = jdbi.getConfig(SqlStatements.class).getTemplateEngine();
    String sql = "SELECT 1 FROM tasks WHERE id <> :id";
    assertSame(sql, engine.render(sql, null), "the statement's own text, no copy, no lexer");
  }
}
