package ai.torale.monitor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A fingerprint of an answer that ignores case, spacing and punctuation, so the same news is not
 * sent twice.
 */
public final class AnswerDigest {
  // Looked up once and cloned per digest: the workflow digests every answer it records.
  private static final MessageDigest SHA_256 = sha256();

  private AnswerDigest() {}

  public static String of(String answer) {
    String normalized = normalize(answer == null ? "" : answer);
    return HexFormat.of().formatHex(fresh().digest(normalized.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * NFKC, lower case, and every run of ASCII punctuation and whitespace one space, trimmed: what
   * the regular expression {@code [\p{Punct}\s]+} replaced with a space did, in one pass over the
   * text (digests stored by earlier runs stay equal).
   */
  static String normalize(String s) {
    String lower = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    boolean inRun = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (isPunctuationOrSpace(c)) {
        if (!inRun) {
          out.append(' ');
          inRun = true;
        }
      } else {
        out.append(c);
        inRun = false;
      }
    }
    return out.toString().trim();
  }

  /** {@code \p{Punct}} (ASCII punctuation) or {@code \s} ({@code [ \t\n\x0B\f\r]}). */
  private static boolean isPunctuationOrSpace(char c) {
    return c == ' '
        || c >= '\t' && c <= '\r'
        || c >= '!' && c <= '/'
        || c >= ':' && c <= '@'
        || c >= '[' && c <= '`'
        || c >= '{' && c <= '~';
  }

  private static MessageDigest fresh() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      return sha256();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
