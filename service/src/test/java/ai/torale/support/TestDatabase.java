package ai.torale.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database per test class on the PostgreSQL that .ci/run guarantees (127.0.0.1:5432, trust
 * auth). Override with TORALE_TEST_DATABASE_URL / _USER / _PASSWORD.
 */
public final class TestDatabase implements AutoCloseable {
  private static final String SERVER_URL =
      env("TORALE_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String USER = env("TORALE_TEST_DATABASE_USER", "postgres");
  private static final String PASSWORD = env("TORALE_TEST_DATABASE_PASSWORD", "");

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  public static TestDatabase create() {
    String name = "torale_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE " + name);
    return new TestDatabase(name);
  }

  public String url() {
    int slash = SERVER_URL.lastIndexOf('/');
    String rest = SERVER_URL.substring(slash + 1);
    int query = rest.indexOf('?');
    return SERVER_URL.substring(0, slash + 1) + name + (query >= 0 ? rest.substring(query) : "");
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  /** The number a counting query answers, e.g. {@code SELECT count(*) FROM deliveries}. */
  public int count(String sql) {
    try (Connection c = connect();
        java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  @Override
  public void close() {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Test PostgreSQL at " + SERVER_URL + " failed: " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
