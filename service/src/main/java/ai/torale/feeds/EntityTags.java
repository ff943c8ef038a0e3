package ai.torale.feeds;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A feed's ETag is a digest of the document itself, so it changes exactly when a reader would see a
 * change (a new finding, a renamed task, a changed link) and never otherwise.
 */
final class EntityTags {
  private EntityTags() {}

  /** A strong entity tag of these bytes, quoted as it goes in the header. */
  static String of(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Whether an {@code If-None-Match} header names this tag: {@code *}, or any tag of its list
   * compared weakly (RFC 9110 §13.1.2: a {@code W/} prefix does not matter for GET).
   */
  static boolean matches(String ifNoneMatch, String tag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String t = candidate.strip();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      // Jetty's gzip handler marks the tag of a compressed answer with "--gzip".
      if (t.equals(tag) || t.equals(tag.substring(0, tag.length() - 1) + "--gzip\"")) {
        return true;
      }
    }
    return false;
  }
}
