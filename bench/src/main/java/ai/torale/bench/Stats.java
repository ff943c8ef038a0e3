package ai.torale.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Percentiles by nearest rank, and the figure lines the bench prints. */
final class Stats {
  /**
   * The real standard output: figures only. Everything else (logs, access log) is sent to stderr.
   */
  private static final java.io.PrintStream OUT = System.out;

  private Stats() {}

  static void quietStdout() {
    System.setOut(System.err);
  }

  static long percentile(Collection<Long> values, double p) {
    if (values.isEmpty()) {
      return -1;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * Events per second between the events at the {@code from} and {@code to} fractions of {@code
   * sortedMillis} (instants, sorted): the steady rate of a burst, without the time its first events
   * take to get through and the stragglers at its end.
   */
  static double ratePerSecondBetween(List<Long> sortedMillis, double from, double to) {
    int first = (int) Math.floor(from * (sortedMillis.size() - 1));
    int last = (int) Math.ceil(to * (sortedMillis.size() - 1));
    long millis = sortedMillis.isEmpty() ? 0 : sortedMillis.get(last) - sortedMillis.get(first);
    return millis <= 0 ? Double.NaN : (last - first) * 1000.0 / millis;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** How many of the instants fall in each second from {@code fromMillis}, space-separated. */
  static String perSecond(List<Long> sortedMillis, long fromMillis) {
    if (sortedMillis.isEmpty()) {
      return "";
    }
    int[] counts = new int[(int) Math.max(0, (sortedMillis.getLast() - fromMillis) / 1000) + 1];
    for (long t : sortedMillis) {
      counts[(int) Math.max(0, (t - fromMillis) / 1000)]++;
    }
    StringBuilder line = new StringBuilder();
    for (int c : counts) {
      line.append(line.isEmpty() ? "" : " ").append(c);
    }
    return line.toString();
  }

  static void figure(String name, Object value, String unit) {
    String shown =
        value instanceof Double d
            ? String.format(java.util.Locale.ROOT, "%.1f", d)
            : String.valueOf(value);
    OUT.println(name + "=" + shown + " " + unit);
    OUT.flush();
  }

  static void ratio(double ratio) {
    OUT.println("ratio=" + twoPlaces(ratio));
    OUT.flush();
  }

  /** A ratio that is not the scenario's last line, with the same two places. */
  static void ratio(String name, double ratio) {
    figure(name, twoPlaces(ratio), "ratio");
  }

  private static String twoPlaces(double value) {
    return String.format(java.util.Locale.ROOT, "%.2f", value);
  }

  static void comment(String text) {
    OUT.println("# " + text);
    OUT.flush();
  }
}
