package ai.torale.notify;

import java.util.Locale;

/**
 * Escaping for the email's HTML part: every user-supplied string goes through here or through
 * Markdown.
 */
final class Html {
  private Html() {}

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A link target only when it is http(s); anything else (javascript:, data:) becomes no link at
   * all.
   */
  static boolean isWebUrl(String url) {
    String lower = url == null ? "" : url.trim().toLowerCase(Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://");
  }
}
