package ai.torale.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Torale-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. The
 * timestamp is inside the signed bytes so a receiver can refuse old replays; the secret is used as
 * its UTF-8 bytes, prefix and all.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Torale-Signature";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  public static String header(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds, body);
  }

  static String hmacHex(String secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is mandatory on every JDK; this cannot happen. The secret is not in the message.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
