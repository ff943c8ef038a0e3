package ai.torale.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerDigestTest {
  private static final String ANSWER = "Rust 2.0 is planned for 1 May 2026.";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rust 2.0 is planned for 1 may 2026",
        "RUST 2.0 IS PLANNED FOR 1 MAY 2026!",
        "  Rust   2.0 is planned\nfor 1 May, 2026 ",
        "Rust 2.0 is planned for 1 May 2026...",
        "\"Rust 2.0\" is planned for 1 May 2026 -",
        "Ｒｕｓｔ 2.0 is planned for 1 May 2026"
      })
  void caseSpacingAndPunctuationDoNotMatter(String sameNews) {
    assertEquals(AnswerDigest.of(ANSWER), AnswerDigest.of(sameNews));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Rust 2.0 is planned for 8 May 2026.",
        "Rust 2.1 is planned for 1 May 2026.",
        "Rust 2.0 is not planned for 1 May 2026."
      })
  void differentNewsHasADifferentDigest(String otherNews) {
    assertNotEquals(AnswerDigest.of(ANSWER), AnswerDigest.of(otherNews));
  }

  @Test
  void aMissingAnswerDigestsLikeAnEmptyOne() {
    assertEquals(AnswerDigest.of(""), AnswerDigest.of(null));
    assertEquals(AnswerDigest.of(""), AnswerDigest.of(" ?! "));
  }

  @Test
  void theDigestIsSha256Hex() {
    assertTrue(AnswerDigest.of(ANSWER).matches("[0-9a-f]{64}"));
  }

  /** The normalisation as the digests of earlier runs were made: a regular expression. */
  private static String normalizedAsBefore(String s) {
    return Pattern.compile("[\\p{Punct}\\s]+")
        .matcher(Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
        .replaceAll(" ")
        .trim();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ANSWER,
        "",
        " ?! ",
        "\t\u000B\f\r\n Tabs, vertical tabs\u000Band form feeds\f!",
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ every ASCII mark ~}|{`_^]\\[@?>=<;:/.-,+*)('&%$#\"!",
        "Curly “quotes” and ‘apostrophes’ — dashes – and… ellipses stay",
        "Ｆｕｌｌ ｗｉｄｔｈ，ｐｕｎｃｔｕａｔｉｏｎ！ and ﬁ ligatures",
        "ΣΊΣΥΦΟΣ ends in a final sigma; İstanbul has a dotted capital",
        "non\u00A0breaking\u2003spaces and a zero\u200Bwidth one",
        "emoji 🚀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters, then (nested [brackets])."
      })
  void normalisesAsTheRegularExpressionDid(String text) {
    assertEquals(normalizedAsBefore(text), AnswerDigest.normalize(text));
  }
}
