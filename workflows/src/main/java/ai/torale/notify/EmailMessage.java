package ai.torale.notify;

/** One email ready to send: a plain-text part and an HTML part with the same content. */
public record EmailMessage(String to, String subject, String text, String html) {}
