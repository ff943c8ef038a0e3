package ai.torale.emails;

import ai.torale.notify.EmailMessage;
import ai.torale.notify.SendOutcome;
import ai.torale.notify.SmtpMailer;
import java.util.UUID;

/** The verification code, by the same SMTP server notifications use. */
public final class VerificationMail implements CodeMailer {
  private final SmtpMailer mailer;

  public VerificationMail(SmtpMailer mailer) {
    this.mailer = mailer;
  }

  @Override
  public void sendCode(String address, String code) throws Exception {
    String text =
        "Your Torale verification code is "
            + code
            + ".\n\nIt is valid for 15 minutes. If you did not ask "
            + "for it, ignore this email.\n";
    String html =
        "<p>Your Torale verification code is <strong>"
            + code
            + "</strong>.</p>"
            + "<p>It is valid for 15 minutes. If you did not ask for it, ignore this email.</p>";
    SendOutcome outcome =
        mailer.send(
            new EmailMessage(address, "Your Torale verification code", text, html),
            UUID.randomUUID());
    if (!outcome.delivered()) {
      throw new IllegalStateException("verification email not sent: " + outcome.error());
    }
  }
}
