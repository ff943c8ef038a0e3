package ai.torale.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Map;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the API answers for an exception nothing else mapped: a transaction PostgreSQL ended for
 * another's sake is worth a retry (503), anything else is a bug (500).
 */
class UnexpectedErrorsTest {

  @ParameterizedTest
  @CsvSource({
    "40P01, 503, 'Database busy, try again'",
    "40001, 503, 'Database busy, try again'",
    "55P03, 503, 'Database busy, try again'",
    "08006, 503, Database unavailable",
    "23505, 500, Internal server error",
    "42P01, 500, Internal server error"
  })
  void aStatementsFailureIsAnsweredByItsSqlState(String state, int status, String detail) {
    SQLException cause = new SQLException("ERROR: what PostgreSQL said", state);
    Response response =
        new ErrorMappers.Unexpected()
            .toResponse(
                new UnableToExecuteStatementException(
                    "statement with secret-argument", cause, null));

    assertEquals(status, response.getStatus());
    assertEquals(Map.of("detail", detail), response.getEntity());
  }
}
