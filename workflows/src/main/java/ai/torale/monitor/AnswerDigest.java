package ai.torale.monitor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A fingerprint of an answer that ignores case, spacing and punctuation, so the same news is not
 * sent twice.
 */
public final class AnswerDigest {
  // Compiled once: the workflow digests every answer it records.
  private static final Pattern PUNCTUATION_AND_SPACE = Pattern.compile("[\\p{Punct}\\s]+");

  private AnswerDigest() {}

  public static String of(String answer) {
    String normalized = normalize(answer == null ? "" : answer);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static String normalize(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT)
        .transform(lower -> PUNCTUATION_AND_SPACE.matcher(lower).replaceAll(" "))
        .trim();
  }
}
