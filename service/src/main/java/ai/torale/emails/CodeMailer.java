package ai.torale.emails;

/** Sends a verification code by email; absent when the service has no SMTP configured. */
@FunctionalInterface
public interface CodeMailer {
  void sendCode(String address, String code) throws Exception;
}
