package ai.torale.errors;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.regex.Pattern;

/**
 * The one check of what counts as an account or verification address here: a plain addr-spec
 * ({@code local@domain.tld}) exactly as jakarta.mail's strict parser reads it, so what is stored is
 * what a mail server is given. No display name, angle brackets, quotes, comments, domain literals,
 * whitespace or control characters: each would be stored as typed and then fail at sending, or mean
 * another address.
 */
public final class EmailAddresses {
  private static final Pattern FORMAT = Pattern.compile("[^@]{1,64}@[^@]+\\.[^@]{2,}");

  /**
   * RFC 5322's specials other than '@' and '.': legal only in quoted or bracketed forms, which we
   * refuse.
   */
  private static final String SPECIALS = "<>()[]\\,;:\"";

  private EmailAddresses() {}

  public static boolean wellFormed(String address) {
    if (address == null
        || address.length() > 320
        || !FORMAT.matcher(address).matches()
        || address.codePoints().anyMatch(EmailAddresses::refused)) {
      return false;
    }
    try {
      InternetAddress parsed = new InternetAddress(address, true);
      return parsed.getPersonal() == null && address.equals(parsed.getAddress());
    } catch (AddressException e) {
      return false;
    }
  }

  private static boolean refused(int c) {
    return Character.isISOControl(c)
        || Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || Character.getType(c) == Character.FORMAT
        || SPECIALS.indexOf(c) >= 0;
  }
}
