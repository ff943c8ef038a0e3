package ai.torale.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.AppTest;
import ai.torale.support.RawHttp;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The hardening issue's probes of the transport, from outside on a bare socket: broken or stalled bodies get a
 * 4xx as {@code {"detail": …}}, and none of it logs an ERROR or a stack trace.
 */
class TransportProbeTest extends AppTest {
  private static final String TASK = "{\"search_query\":\"probe\"}";

  private String key;
  private RawHttp http;
  private ListAppender<ILoggingEvent> log;

  /** A client that stops sending is given up on after this long. */
  private static final Duration IDLE = Duration.ofSeconds(2);

  @Override
  protected ConfigOverride[] overrides() {
    return new ConfigOverride[] {
        ConfigOverride.config("server.applicationConnectors[0].idleTimeout", IDLE.toMillis() + "ms")};
  }

  @BeforeAll
  void prepare() throws IOException {
    key = newUser();
    http = new RawHttp(app.apiPort());
  }

  @BeforeEach
  void captureLog() {
    log = new ListAppender<>();
    log.start();
    root().addAppender(log);
  }

  @AfterEach
  void nothingLoggedAsAnErrorOrWithAStackTrace() {
    root().detachAppender(log);
    List<String> bad = log.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage() + (e.getThrowableProxy()
            == null ? "" : " (with a stack trace of " + e.getThrowableProxy().getClassName() + ")"))
        .toList();
    assertTrue(bad.isEmpty(), String.join("\n", bad));
    assertEquals(200, api.get("/api/v1/tasks", key).status(), "the service still answers");
  }

  @Test
  void aBodyShorterThanItsContentLengthIs400() throws Exception {
    byte[] body = TASK.getBytes(StandardCharsets.UTF_8);
    assertError(400, http.exchange(post("Content-Length: " + (body.length + 100)), out -> out.write(body)));
  }

  @Test
  void aBodyThatStopsComingIs408() throws Exception {
    byte[] start = "{\"search_query\":".getBytes(StandardCharsets.UTF_8);
    assertError(408, http.exchange(post("Content-Length: 100"), out -> {
      out.write(start);
      out.flush();
      try {
        Thread.sleep(IDLE.multipliedBy(3).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
  }

  @Test
  void malformedChunkingIs400() throws Exception {
    assertError(400, http.exchange(post("Transfer-Encoding: chunked"),
        out -> out.write(("zz\r\n" + TASK + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void gzipEncodingOnAPlainBodyIs400() throws Exception {
    byte[] body = TASK.getBytes(StandardCharsets.UTF_8);
    assertError(400, http.exchange(post("Content-Encoding: gzip", "Content-Length: " + body.length),
        out -> out.write(body)));
  }

  @Test
  void anUnknownCharsetIs415() throws Exception {
    byte[] body = TASK.getBytes(StandardCharsets.UTF_8);
    for (String charset : List.of("bogus", "x-unknown-42", "\"bo gus\"")) {
      RawHttp.Reply reply = http.exchange(RawHttp.post("/api/v1/tasks", key,
          "Content-Type: application/json; charset=" + charset, "Content-Length: " + body.length),
          out -> out.write(body));
      assertEquals(415, reply.status(), () -> charset + ": " + reply);
      assertError(415, reply);
    }
  }

  private String post(String... headers) {
    String[] all = Arrays.copyOf(headers, headers.length + 1);
    all[headers.length] = "Content-Type: application/json";
    return RawHttp.post("/api/v1/tasks", key, all);
  }

  private static void assertError(int status, RawHttp.Reply reply) throws IOException {
    assertEquals(status, reply.status(), reply::toString);
    JsonNode json = new ObjectMapper().readTree(reply.body());
    assertNotNull(json.get("detail"), reply::toString);
    assertTrue(json.get("detail").isTextual(), reply::toString);
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
  }
}
