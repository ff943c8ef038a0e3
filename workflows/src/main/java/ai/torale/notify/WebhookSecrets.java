package ai.torale.notify;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signing secrets for task webhooks: {@code whsec_} and 32 random bytes, base64url without padding.
 */
public final class WebhookSecrets {
  public static final String PREFIX = "whsec_";
  private static final int BYTES = 32;

  private final SecureRandom random;

  public WebhookSecrets(SecureRandom random) {
    this.random = random;
  }

  public WebhookSecrets() {
    this(new SecureRandom());
  }

  public String generate() {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
