package ai.torale.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.MetricRegistry;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemporalMetricsTest {
  @Test
  void anSdkTimerLandsInOneRegistryTimerNamedByItsSortedTags() throws Exception {
    MetricRegistry registry = new MetricRegistry();
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("task_queue", "torale-monitor");
    tags.put("namespace", "default");
    Map<String, String> sameTagsOtherOrder = new LinkedHashMap<>();
    sameTagsOtherOrder.put("namespace", "default");
    sameTagsOtherOrder.put("task_queue", "torale-monitor");

    try (Scope root = TemporalMetrics.scope(registry)) {
      root.tagged(tags).timer("temporal_request_latency").record(Duration.ofMillis(5));
      root.tagged(tags).timer("temporal_request_latency").record(Duration.ofMillis(7));
      root.tagged(sameTagsOtherOrder)
          .timer("temporal_request_latency")
          .record(Duration.ofMillis(9));
    }

    String name = "temporal_request_latency.namespace.default.task_queue.torale-monitor";
    assertEquals(3, registry.timer(name).getCount());
    assertEquals(1, registry.getTimers().size());
    var samples = registry.timer(name).getSnapshot();
    assertEquals(5_000_000, samples.getMin(), "the samples are kept, in nanoseconds");
    assertEquals(9_000_000, samples.getMax());
  }
}
