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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The hardening issue's probes of the transport, from outside on a bare socket: broken or stalled
 * bodies get a 4xx, bodies above the limit (plain or inflating from gzip, with a Content-Length or
 * chunked) a 413 before they are read whole, all as {@code {"detail": …}}, and none of it logs an
 * ERROR or a stack trace.
 */
class TransportProbeTest extends AppTest {
  private static final String TASK = "{\"search_query\":\"probe\"}";
  private static final long PLAIN = 16L << 20;

  /** What the gzip body inflates to; compressed it is about a thousandth of that. */
  private static final long INFLATED = 200L << 20;

  private static final int CHUNK = 64 << 10;

  private String key;
  private RawHttp http;
  private byte[] bomb;
  private ListAppender<ILoggingEvent> log;

  /** A client that stops sending is given up on after this long. */
  private static final Duration IDLE = Duration.ofSeconds(2);

  @Override
  protected ConfigOverride[] overrides() {
    return new ConfigOverride[] {
      ConfigOverride.config("server.applicationConnectors[0].idleTimeout", IDLE.toMillis() + "ms")
    };
  }

  @BeforeAll
  void prepare() throws IOException {
    key = newUser();
    http = new RawHttp(app.apiPort());
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      padded(INFLATED).writeTo(gzip);
    }
    bomb = compressed.toByteArray();
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
    List<String> bad =
        log.list.stream()
            .filter(
                e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
            .map(e ->
                e.getLevel()
                    + " "
                    + e.getLoggerName()
                    + ": "
                    + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : " (with a stack trace of " + e.getThrowableProxy().getClassName() + ")"))
            .toList();
    assertTrue(bad.isEmpty(), String.join("\n", bad));
    assertEquals(200, api.get("/api/v1/tasks", key).status(), "the service still answers");
  }

  @Test
  void aBodyShorterThanItsContentLengthIs400() throws Exception {
    byte[] body = TASK.getBytes(StandardCharsets.UTF_8);
    assertError(
        400, http.exchange(post("Content-Length: " + (body.length + 100)), out -> out.write(body)));
  }

  @Test
  void aBodyThatStopsComingIs408() throws Exception {
    byte[] start = "{\"search_query\":".getBytes(StandardCharsets.UTF_8);
    assertError(
        408,
        http.exchange(
            post("Content-Length: 100"),
            out -> {
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
    assertError(
        400,
        http.exchange(
            post("Transfer-Encoding: chunked"),
            out ->
                out.write(("zz\r\n" + TASK + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void gzipEncodingOnAPlainBodyIs400() throws Exception {
    byte[] body = TASK.getBytes(StandardCharsets.UTF_8);
    assertError(
        400,
        http.exchange(
            post("Content-Encoding: gzip", "Content-Length: " + body.length),
            out -> out.write(body)));
  }

  @Test
  void anUnknownCharsetIs415() throws Exception {
    byte[] body = TASK.getBytes(StandardCharsets.UTF_8);
    for (String charset : List.of("bogus", "x-unknown-42", "\"bo gus\"")) {
      RawHttp.Reply reply =
          http.exchange(
              RawHttp.post(
                  "/api/v1/tasks",
                  key,
                  "Content-Type: application/json; charset=" + charset,
                  "Content-Length: " + body.length),
              out -> out.write(body));
      assertEquals(415, reply.status(), () -> charset + ": " + reply);
      assertError(415, reply);
    }
  }

  @Test
  void bodiesWithinTheLimitAreReadPlainOrGzipped() throws Exception {
    long under = (1L << 20) - 1024;
    assertEquals(200, http.exchange(post("Content-Length: " + under), padded(under)).status());
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      padded(under).writeTo(gzip);
    }
    RawHttp.Reply gzipped =
        http.exchange(
            post("Content-Encoding: gzip", "Transfer-Encoding: chunked"),
            chunked(out -> out.write(compressed.toByteArray())));
    assertEquals(200, gzipped.status(), gzipped::toString);
  }

  @Test
  void sixteenMegabytesAreTooLargeWithALengthOrChunked() throws Exception {
    assertError(
        413, http.exchange(post("Content-Length: " + length(padded(PLAIN))), padded(PLAIN)));
    assertError(413, http.exchange(post("Transfer-Encoding: chunked"), chunked(padded(PLAIN))));
  }

  @Test
  void aSmallGzipBodyThatInflatesToHundredsOfMegabytesIsTooLarge() throws Exception {
    assertTrue(bomb.length < 1 << 20, "the compressed body is small: " + bomb.length);
    assertError(
        413,
        http.exchange(
            post("Content-Encoding: gzip", "Content-Length: " + bomb.length),
            out -> out.write(bomb)));
    assertError(
        413,
        http.exchange(
            post("Content-Encoding: gzip", "Transfer-Encoding: chunked"),
            chunked(out -> out.write(bomb))));
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

  /** A task with one unknown field of padding, {@code size} bytes in all, written as it goes. */
  private static RawHttp.Body padded(long size) {
    return out -> {
      byte[] start = "{\"search_query\":\"probe\",\"padding\":\"".getBytes(StandardCharsets.UTF_8);
      byte[] end = "\"}".getBytes(StandardCharsets.UTF_8);
      byte[] pad = new byte[CHUNK];
      Arrays.fill(pad, (byte) 'a');
      out.write(start);
      for (long left = size - start.length - end.length; left > 0; left -= CHUNK) {
        out.write(pad, 0, (int) Math.min(CHUNK, left));
      }
      out.write(end);
    };
  }

  private static long length(RawHttp.Body body) throws IOException {
    long[] count = {0};
    body.writeTo(
        new OutputStream() {
          @Override
          public void write(int b) {
            count[0]++;
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            count[0] += length;
          }
        });
    return count[0];
  }

  /** The body in chunked transfer coding, one chunk per write. */
  private static RawHttp.Body chunked(RawHttp.Body body) {
    return out -> {
      body.writeTo(
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
              if (length == 0) {
                return;
              }
              out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
              out.write(bytes, offset, length);
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
          });
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    };
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
  }
}
