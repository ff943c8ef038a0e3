package ai.torale.bench;

import ai.torale.db.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database for one bench run: a new database on the PostgreSQL of {@code
 * TORALE_DATABASE_URL} (+ {@code _USER}, {@code _PASSWORD}), dropped at the end; or, when that is
 * unset, an embedded PostgreSQL (the same binaries the service's zero-setup mode uses) in a
 * temporary directory.
 */
final class Database implements AutoCloseable {
  final String url;
  final String user;
  final String password;
  final String description;
  private final String serverUrl;
  private final String name;
  private final EmbeddedPostgres embedded;

  private Database(
      String url,
      String user,
      String password,
      String description,
      String serverUrl,
      String name,
      EmbeddedPostgres embedded) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.description = description;
    this.serverUrl = serverUrl;
    this.name = name;
    this.embedded = embedded;
  }

  static Database open() throws Exception {
    String server = System.getenv("TORALE_DATABASE_URL");
    if (server == null || server.isBlank() || server.strip().equalsIgnoreCase("embedded")) {
      Path dir = Files.createTempDirectory("torale-bench-pg");
      // The service's settings: fsync and synchronous commit on.
      EmbeddedPostgres pg =
          EmbeddedDatabase.durable(EmbeddedPostgres.builder())
              .setDataDirectory(dir)
              .setCleanDataDirectory(true)
              .start();
      CpuAccount.countServer(dir.toString());
      return new Database(
          pg.getJdbcUrl("postgres", "postgres"),
          "postgres",
          "",
          "embedded PostgreSQL",
          null,
          null,
          pg);
    }
    String user = envOr("TORALE_DATABASE_USER", "torale");
    String password = envOr("TORALE_DATABASE_PASSWORD", "");
    String name = "torale_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(server, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    int slash = server.lastIndexOf('/');
    String rest = server.substring(slash + 1);
    int query = rest.indexOf('?');
    String url = server.substring(0, slash + 1) + name + (query >= 0 ? rest.substring(query) : "");
    return new Database(
        url, user, password, "PostgreSQL at " + server.substring(0, slash), server, name, null);
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public void close() throws Exception {
    if (embedded != null) {
      embedded.close();
    } else {
      try (Connection c = DriverManager.getConnection(serverUrl, user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
