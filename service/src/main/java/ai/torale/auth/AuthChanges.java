package ai.torale.auth;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens, on a connection of its own, for the changes the {@code V14__auth_changes} triggers
 * report, drops {@link KnownKeys} at each and answers it on {@link #ACKED} with the changing
 * transaction's id. The cache is trusted only while this connection listens: when it is lost (or a
 * heartbeat on it fails) the cache is dropped and bypassed until a new connection listens again.
 *
 * <p>A revoke through the API waits until every listening process has answered its change ({@link
 * #expect}, {@link #awaitEveryProcess}), so the key fails on the next request in any of them.
 */
public final class AuthChanges implements Managed {
  static final String CHANNEL = "torale_auth_changed";
  static final String ACKED = "torale_auth_acked";
  static final String APPLICATION_NAME = "torale-auth-changes";

  /** The longest a revoke waits for the other processes' answers. */
  private static final Duration ANSWERS = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(AuthChanges.class);

  /** How long one wait for notifications lasts; between waits the connection is checked. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private static final Duration RECONNECT = Duration.ofSeconds(1);

  private final DataSourceFactory database;
  private final KnownKeys keys;
  private volatile boolean running;
  private volatile Connection connection;
  private Thread thread;

  /** Changes this process made and waits to see answered, by transaction id. */
  private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();

  /** A change made in a transaction, and how many answers it waits for. */
  public record Pending(String change, int listeners) {
    static final Pending NONE = new Pending(null, 0);
  }

  public AuthChanges(DataSourceFactory database, KnownKeys keys) {
    this.database = database;
    this.keys = keys;
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("torale-auth-changes").daemon().start(this::listen);
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    keys.distrust();
    closeQuietly(connection);
    if (thread != null) {
      thread.join(HEARTBEAT.toMillis() * 2);
    }
  }

  private void listen() {
    boolean warned = false;
    while (running) {
      try (Connection c = connect()) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
          s.execute("LISTEN " + ACKED);
        }
        keys.trust();
        if (warned) {
          log.info("Listening for API key changes again; the key cache is back");
          warned = false;
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] heard = pg.getNotifications((int) HEARTBEAT.toMillis());
          if (heard != null && heard.length > 0) {
            heard(c, heard);
          } else if (!c.isValid((int) HEARTBEAT.toSeconds())) {
            throw new SQLException("The listening connection does not answer");
          }
        }
      } catch (SQLException | RuntimeException e) {
        keys.distrust();
        if (running && !warned) {
          log.warn(
              "Not listening for API key changes ({}); every request reads its key", e.toString());
          warned = true;
        }
      }
      if (running) {
        sleep(RECONNECT);
      }
    }
    keys.distrust();
  }

  private void heard(Connection c, PGNotification[] heard) throws SQLException {
    boolean changed = false;
    for (PGNotification n : heard) {
      if (n.getName().equals(CHANNEL)) {
        if (!changed) {
          keys.forgetAll();
          changed = true;
        }
        try (PreparedStatement ack = c.prepareStatement("SELECT pg_notify(?, ?)")) {
          ack.setString(1, ACKED);
          ack.setString(2, n.getParameter());
          ack.execute();
        }
      } else {
        CountDownLatch answers = waiting.get(n.getParameter());
        if (answers != null) {
          answers.countDown();
        }
      }
    }
  }

  /**
   * Inside a transaction that changes a key or a user: the change to wait for after its commit,
   * answered by as many processes as listen now.
   */
  public Pending expect(Handle h) {
    if (!running) {
      return Pending.NONE;
    }
    Pending pending =
        new Pending(
            h.createQuery("SELECT txid_current()::text").mapTo(String.class).one(),
            h.createQuery(
                    "SELECT count(*) FROM pg_stat_activity "
                        + "WHERE application_name = :name AND datname = current_database()")
                .bind("name", APPLICATION_NAME)
                .mapTo(Integer.class)
                .one());
    waiting.put(pending.change(), new CountDownLatch(pending.listeners()));
    return pending;
  }

  /** After the commit: returns once every listening process has dropped its cache. */
  public void awaitEveryProcess(Pending pending) {
    if (pending.change() == null) {
      return;
    }
    try {
      if (!waiting.get(pending.change()).await(ANSWERS.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "Not every process answered an API key change within {}; one may accept the old key "
                + "until it hears it",
            ANSWERS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.remove(pending.change());
    }
  }

  /** A connection outside the pool, with the pool's address, credentials and properties. */
  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.putAll(database.getProperties());
    if (database.getUser() != null) {
      properties.setProperty("user", database.getUser());
    }
    if (database.getPassword() != null) {
      properties.setProperty("password", database.getPassword());
    }
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    // A read that never returns would leave the cache trusted while deaf.
    properties.setProperty("socketTimeout", String.valueOf(HEARTBEAT.toSeconds() * 3));
    Connection c = new Driver().connect(database.getUrl(), properties);
    if (c == null) {
      throw new SQLException("Not a PostgreSQL URL: the key cache needs LISTEN");
    }
    c.setAutoCommit(true);
    return c;
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // Closing is all that was asked.
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
