package ai.torale.notify.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void cutsBeforeEscapingSoNoEntityIsCutInHalf() {
    String cut = Text.fit("&&&&&&&&&&", 12, Telegram::escape, Text.CHARS);
    assertEquals("&amp;&amp;…", cut);
  }

  @Test
  void neverSplitsASurrogatePair() {
    String cut = Text.fit("😀😀😀😀", 6);
    assertEquals("😀😀…", cut);
  }

  @Test
  void countsUtf8BytesWhenAsked() {
    String cut = Text.fit("ééééé", 7, s -> s, Text.UTF8_BYTES);
    assertEquals("éé…", cut);
  }

  @Test
  void keepsTextThatFits() {
    assertEquals("a &lt; b", Text.fit("a < b", 8, Slack::escape, Text.CHARS));
  }

  @Test
  void retryAfterReadsSecondsDatesAndFractions() {
    Instant now = Instant.parse("2026-11-28T10:16:00Z");
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.header(Optional.of("120"), now));
    assertEquals(
        Optional.of(Duration.ofSeconds(60)),
        RetryAfter.header(Optional.of("Sat, 28 Nov 2026 10:17:00 GMT"), now));
    assertEquals(Optional.of(Duration.ofSeconds(2)), RetryAfter.seconds(1.2));
    assertTrue(RetryAfter.header(Optional.of("soon"), now).isEmpty());
    assertEquals(Optional.of(Duration.ofDays(1)), RetryAfter.seconds(1e12));
  }
}
