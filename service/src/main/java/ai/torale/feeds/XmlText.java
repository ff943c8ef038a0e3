package ai.torale.feeds;

/**
 * Text as XML 1.0 can hold it. StAX escapes markup but writes any character it is given, and a
 * model's answer may carry control characters or a broken surrogate that would make the whole feed
 * unreadable; those are dropped.
 */
final class XmlText {
  private XmlText() {}

  static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean keep;
      if (Character.isHighSurrogate(c)) {
        keep = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        if (keep) {
          if (out != null) {
            out.append(c).append(text.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        keep =
            c == '\t'
                || c == '\n'
                || c == '\r'
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD);
      }
      if (!keep && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      } else if (keep && out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
