package ai.torale.notify;

/**
 * The SMTP server for email notifications ({@code TORALE_SMTP_*}). With {@code tls}, port 465
 * speaks TLS from the first byte and any other port must upgrade with STARTTLS (refusing servers
 * that cannot). A blank host means email is not configured. {@link #toString()} leaves the password
 * out, so the record is safe to log.
 */
public record SmtpSettings(
    String host, int port, String username, String password, String from, boolean tls) {
  static final int IMPLICIT_TLS_PORT = 465;

  public boolean configured() {
    return host != null && !host.isBlank();
  }

  public boolean implicitTls() {
    return tls && port == IMPLICIT_TLS_PORT;
  }

  @Override
  public String toString() {
    return "SmtpSettings[host="
        + host
        + ", port="
        + port
        + ", username="
        + username
        + ", password="
        + (password == null || password.isEmpty() ? "none" : "***")
        + ", from="
        + from
        + ", tls="
        + tls
        + "]";
  }
}
