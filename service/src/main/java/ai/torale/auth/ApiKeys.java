package ai.torale.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The key format: {@code sk_} and 43 URL-safe characters (32 random bytes); stored as a SHA-256
 * digest.
 */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern FORMAT = Pattern.compile("sk_[A-Za-z0-9_-]{43}");
  private static final int PREFIX_LENGTH = 11;

  private ApiKeys() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static boolean wellFormed(String key) {
    return key != null && FORMAT.matcher(key).matches();
  }

  public static String digest(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** What the owner sees to tell keys apart: {@code sk_} and the first eight characters. */
  public static String prefix(String key) {
    return key.substring(0, PREFIX_LENGTH);
  }
}
