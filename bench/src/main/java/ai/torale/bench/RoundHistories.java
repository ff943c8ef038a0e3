package ai.torale.bench;

import ai.torale.monitor.MonitorWorkflow;
import com.google.protobuf.util.Timestamps;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a round added to the monitors' histories, from the first 50 of its tasks: events per check
 * by type (how many workflow tasks a check took, and why) and bytes per check. A monitor's history
 * stays in memory, in the embedded server and in the worker's cache, until its run continues as
 * new.
 */
final class RoundHistories {
  private static final int SAMPLE = 50;

  private RoundHistories() {}

  static void report(App app, DueRound round, String prefix) {
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, Long> sizes = new TreeMap<>();
    List<UUID> sample = round.tasks().subList(0, Math.min(SAMPLE, round.tasks().size()));
    for (UUID task : sample) {
      for (var e : app.temporal().fetchHistory(MonitorWorkflow.workflowId(task)).getEvents()) {
        if (Timestamps.toMillis(e.getEventTime()) < round.dueMillis() - 1000) {
          continue;
        }
        String type = e.getEventType().name().replace("EVENT_TYPE_", "");
        counts.merge(type, 1, Integer::sum);
        sizes.merge(type, (long) e.getSerializedSize(), Long::sum);
      }
    }
    StringBuilder line = new StringBuilder();
    counts.forEach((type, n) ->
        line.append(
            String.format(
                Locale.ROOT,
                " %s=%.2f (%d bytes)",
                type,
                n / (double) sample.size(),
                sizes.get(type) / sample.size())));
    Stats.comment(
        prefix + "history events per check (and their bytes), from a sample of monitors:" + line);
    long bytes = sizes.values().stream().mapToLong(Long::longValue).sum();
    Stats.figure(prefix + "history_bytes_per_check", bytes / Math.max(1, sample.size()), "bytes");
  }
}
