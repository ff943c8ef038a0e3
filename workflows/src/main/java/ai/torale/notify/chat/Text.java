package ai.torale.notify.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * Cutting text to a platform's limit without breaking it: the raw text is cut (on code points, so
 * never inside a surrogate pair) and only then escaped, so an entity or escape is never cut in
 * half, and the escaped result is what is measured.
 */
final class Text {
  static final String ELLIPSIS = "…";

  /** Counts what most platforms count: UTF-16 code units, as Java strings do. */
  static final ToIntFunction<String> CHARS = String::length;

  /** Counts UTF-8 bytes, as ntfy's message limit does. */
  static final ToIntFunction<String> UTF8_BYTES = s -> s.getBytes(StandardCharsets.UTF_8).length;

  private Text() {}

  /**
   * The escaped form of the longest start of {@code raw} that fits in {@code limit} as {@code
   * measure} counts, ending in an ellipsis when it was cut. Null or empty text gives "".
   */
  static String fit(
      String raw, int limit, UnaryOperator<String> escape, ToIntFunction<String> measure) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String whole = escape.apply(raw);
    if (measure.applyAsInt(whole) <= limit) {
      return whole;
    }
    int[] points = raw.codePoints().toArray();
    int low = 0; // fits
    int high = points.length; // does not fit
    while (high - low > 1) {
      int mid = (low + high) >>> 1;
      if (measure.applyAsInt(cut(points, mid, escape)) <= limit) {
        low = mid;
      } else {
        high = mid;
      }
    }
    String best = cut(points, low, escape);
    return measure.applyAsInt(best) <= limit ? best : "";
  }

  /** {@link #fit} counting characters, without escaping. */
  static String fit(String raw, int limit) {
    return fit(raw, limit, s -> s, CHARS);
  }

  private static String cut(int[] points, int n, UnaryOperator<String> escape) {
    return escape.apply(new String(points, 0, n).stripTrailing()) + ELLIPSIS;
  }

  /** Joins whole lines while they fit in {@code limit}: a list of links is never cut inside one. */
  static String lines(List<String> lines, String separator, int limit) {
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      int extra = (out.isEmpty() ? 0 : separator.length()) + line.length();
      if (out.length() + extra > limit) {
        break;
      }
      if (!out.isEmpty()) {
        out.append(separator);
      }
      out.append(line);
    }
    return out.toString();
  }

  /** Line breaks and tabs as spaces, for titles. */
  static String oneLine(String s) {
    return s == null ? null : s.replaceAll("[\\r\\n\\t]+", " ").strip();
  }

  /** Only http(s) URLs become links; anything else (javascript:, data:) is no link at all. */
  static boolean isWebUrl(String url) {
    String lower = url == null ? "" : url.trim().toLowerCase(Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://");
  }
}
