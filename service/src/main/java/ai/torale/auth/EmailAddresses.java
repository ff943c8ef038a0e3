package ai.torale.auth;

import java.util.regex.Pattern;

/** The one check of what counts as an email address here: something@domain.tld, no spaces, sane lengths. */
public final class EmailAddresses {
  private static final Pattern FORMAT = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

  private EmailAddresses() {}

  public static boolean wellFormed(String address) {
    return address != null && address.length() <= 320 && FORMAT.matcher(address).matches();
  }
}
