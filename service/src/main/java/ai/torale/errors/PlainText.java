package ai.torale.errors;

/**
 * What characters free text from a client may hold. No control characters (C0, DEL, C1): CR and LF
 * in a name or query split log lines and email subjects, ESC drives terminals. A multi-line field
 * (a condition in plain words, which people write as a list) keeps tab, LF and CR. No bidirectional
 * overrides or isolates (U+202A–U+202E, U+2066–U+2069): they make text display in another order
 * than it reads ("Trojan Source").
 */
public final class PlainText {
  private PlainText() {}

  public static boolean allowed(String text, boolean multiLine) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreakOrTab = c == '\t' || c == '\n' || c == '\r';
      if (Character.getType(c) == Character.CONTROL && !(multiLine && lineBreakOrTab)
          || bidiControl(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean bidiControl(char c) {
    return c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069';
  }
}
