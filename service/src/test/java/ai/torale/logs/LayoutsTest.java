package ai.torale.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Both formats TORALE_LOG_FORMAT chooses mask credentials; the JSON stays JSON. */
class LayoutsTest {
  private static final String KEY = "sk_" + "k".repeat(43);
  private static final ObjectMapper CONFIG = Jackson.newObjectMapper();

  @Test
  void textLinesAreMasked() throws Exception {
    String line = layout("{\"type\":\"torale\",\"format\":\"text\"}").doLayout(event());
    assertFalse(line.contains(KEY), line);
    assertTrue(line.contains("Authorization: Bearer ***"), line);
    assertTrue(line.contains("secret=***"), line);
  }

  @Test
  void jsonLinesAreMaskedAndStayJson() throws Exception {
    String line = layout("{\"type\":\"torale\",\"format\":\"json\"}").doLayout(event());
    assertFalse(line.contains(KEY), line);
    JsonNode json = new ObjectMapper().readTree(line);
    assertEquals("request with Authorization: Bearer ***", json.get("message").asText());
    assertTrue(json.get("exception").asText().contains("secret=***"), line);
  }

  @Test
  void theLineThatShowsAKeyOnPurposeIsLeftAlone() throws Exception {
    for (String format : new String[] {"text", "json"}) {
      LoggingEvent event = event();
      event.addMarker(Credentials.SHOWN_ONCE);
      String line = layout("{\"type\":\"torale\",\"format\":\"" + format + "\"}").doLayout(event);
      assertTrue(line.contains("Bearer " + KEY), line);
    }
  }

  /** The layout as config.yml's {@code layout:} section makes it. */
  private static LayoutBase<ILoggingEvent> layout(String config) throws Exception {
    DiscoverableLayoutFactory<?> factory =
        CONFIG.readValue(config, DiscoverableLayoutFactory.class);
    assertInstanceOf(LogLayoutFactory.class, factory, config);
    @SuppressWarnings("unchecked")
    LayoutBase<ILoggingEvent> layout =
        (LayoutBase<ILoggingEvent>)
            factory.build(
                (LoggerContext) LoggerFactory.getILoggerFactory(), TimeZone.getTimeZone("UTC"));
    layout.start();
    return layout;
  }

  private static LoggingEvent event() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    return new LoggingEvent(
        LayoutsTest.class.getName(),
        context.getLogger("org.eclipse.jetty.http.HttpParser"),
        Level.DEBUG,
        "request with Authorization: Bearer {}",
        new IllegalStateException("rejected secret=" + KEY),
        new Object[] {KEY});
  }
}
