package ai.torale.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Masks credentials in a rendered log line, whatever logger wrote it at whatever level: an operator
 * may raise any logger to DEBUG (Jetty's then logs every request header and body), so the layouts
 * mask, not the callers. Values stop at quotes and backslashes, so masking a JSON line keeps it
 * valid JSON; every pattern is linear.
 */
public final class Credentials {
  /**
   * Marks the one line that shows a credential on purpose (the first admin's key, once): left as it
   * is.
   */
  public static final Marker SHOWN_ONCE = MarkerFactory.getMarker("TORALE_SHOWN_ONCE");

  /**
   * A key naming a secret; the match starts at the word, so {@code webhook_secret} keeps its
   * prefix.
   */
  private static final String KEY =
      "(?i)((?:secret|password|passwd|api[_-]?key|access[_-]?token|auth[_-]?token"
          + "|refresh[_-]?token|(?<![\\w-])key|(?<![\\w-])token)[\\w-]{0,32}";

  private static final String SEPARATOR = "(?:\\\\?[\"'])?\\s*[=:]\\s*";

  private static final List<Rule> RULES =
      List.of(
          // Authorization: Bearer <anything>
          new Rule("(?i)\\b(Bearer)\\s+[A-Za-z0-9._~+/=-]{8,}", "$1 ***"),
          // Torale API keys (sk_ + 43), OpenAI-style keys (sk-…), webhook secrets (whsec_ + 43),
          // feed tokens (ft_ + 43), Google API keys.
          new Rule("(?<![A-Za-z])(sk[_-]|whsec_|ft_)[A-Za-z0-9_-]{16,}", "$1***"),
          new Rule("\\bAIza[0-9A-Za-z_-]{35}", "AIza***"),
          // "secret": "…" (also JSON-escaped, inside a JSON log line): up to the closing quote.
          new Rule(KEY + SEPARATOR + "\\\\?[\"'])[^\"'\\\\]+", "$1***"),
          // secret=…, smtpPassword=…, x-goog-api-key: …, ?key=…: up to a delimiter.
          new Rule(KEY + SEPARATOR + ")(?![\"'\\\\])[^\\s\"'\\\\&,;}\\]]+", "$1***"),
          // scheme://user:password@host
          new Rule("(://[^/:@\\s\"]+):[^/@\\s\"]+@", "$1:***@"));

  private Credentials() {}

  /** The event's rendered line, masked unless the event is marked {@link #SHOWN_ONCE}. */
  static String mask(ILoggingEvent event, String line) {
    return event.getMarkerList() != null && event.getMarkerList().contains(SHOWN_ONCE)
        ? line
        : mask(line);
  }

  public static String mask(String line) {
    if (line == null) {
      return null;
    }
    String masked = line;
    for (Rule rule : RULES) {
      masked = rule.pattern.matcher(masked).replaceAll(rule.replacement);
    }
    return masked;
  }

  private record Rule(Pattern pattern, String replacement) {
    Rule(String regex, String replacement) {
      this(Pattern.compile(regex), replacement);
    }
  }
}
