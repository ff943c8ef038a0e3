package ai.torale.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends one email over SMTP (Eclipse Angus Mail) and classifies what happened: accepted; a
 * permanent refusal (5xx reply, bad login, unparsable address), which retrying cannot mend; or a
 * transient failure (4xx, network).
 */
public final class SmtpMailer {
  static final String TIMEOUT_MILLIS = "10000";

  private final SmtpSettings settings;
  private final Session session;
  private final Clock clock;

  public SmtpMailer(SmtpSettings settings, Clock clock) {
    this.settings = settings;
    this.session = Session.getInstance(properties(settings));
    this.clock = clock;
  }

  public boolean configured() {
    return settings.configured();
  }

  private static Properties properties(SmtpSettings s) {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", s.host() == null ? "" : s.host());
    p.setProperty("mail.smtp.port", Integer.toString(s.port()));
    p.setProperty("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
    p.setProperty("mail.smtp.timeout", TIMEOUT_MILLIS);
    p.setProperty("mail.smtp.writetimeout", TIMEOUT_MILLIS);
    p.setProperty(
        "mail.smtp.auth", Boolean.toString(s.username() != null && !s.username().isBlank()));
    if (s.implicitTls()) {
      p.setProperty("mail.smtp.ssl.enable", "true");
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    } else if (s.tls()) {
      // Required, not just enabled: a server (or a man in the middle) that offers no STARTTLS gets
      // no mail.
      p.setProperty("mail.smtp.starttls.enable", "true");
      p.setProperty("mail.smtp.starttls.required", "true");
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    return p;
  }

  public SendOutcome send(EmailMessage email, UUID deliveryId) {
    if (settings.from() == null || settings.from().isBlank()) {
      return SendOutcome.failed(null, "no sender address is configured for email");
    }
    try {
      MimeMessage message = mime(email, deliveryId);
      if (session.getProperty("mail.smtp.auth").equals("true")) {
        Transport.send(message, settings.username(), settings.password());
      } else {
        Transport.send(message);
      }
      return SendOutcome.delivered(250);
    } catch (AuthenticationFailedException e) {
      return SendOutcome.failed(null, "the SMTP server refused Torale's login");
    } catch (MessagingException e) {
      return classify(e);
    }
  }

  private MimeMessage mime(EmailMessage email, UUID deliveryId) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(settings.from(), true));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.to(), true));
    message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
    message.setSentDate(Date.from(clock.instant()));
    // The same id on every attempt, as with webhooks, so a duplicate is recognisable.
    message.setHeader("X-Torale-Delivery", deliveryId.toString());
    MimeBodyPart text = new MimeBodyPart();
    text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
    message.setContent(new MimeMultipart("alternative", text, html));
    return message;
  }

  /**
   * The SMTP reply decides: 5xx is final, 4xx and no reply at all (network) are worth another try.
   */
  static SendOutcome classify(MessagingException e) {
    for (Exception cause = e; cause != null; cause = next(cause)) {
      int code = replyCode(cause);
      if (code > 0) {
        String error = "the SMTP server answered " + code;
        return code >= 500 ? SendOutcome.failed(code, error) : SendOutcome.retrying(code, error);
      }
    }
    if (e instanceof jakarta.mail.internet.AddressException) {
      return SendOutcome.failed(null, "the email address is not valid");
    }
    return SendOutcome.retrying(null, "could not reach the SMTP server");
  }

  private static int replyCode(Exception e) {
    if (e instanceof SMTPAddressFailedException a) {
      return a.getReturnCode();
    }
    if (e instanceof SMTPSendFailedException s) {
      return s.getReturnCode();
    }
    if (e instanceof SMTPSenderFailedException s) {
      return s.getReturnCode();
    }
    return -1;
  }

  private static Exception next(Exception e) {
    return e instanceof MessagingException m ? m.getNextException() : null;
  }
}
