package ai.torale.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import com.uber.m3.util.ImmutableMap;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownTagsScopeTest {
  @Test
  void anEqualTagSetGetsTheScopeTaggedBefore() throws Exception {
    try (Scope root =
        new KnownTagsScope(new RootScopeBuilder().reportEvery(Duration.ofSeconds(10)))) {
      Map<String, String> tags = new HashMap<>(Map.of("operation", "PollWorkflowTaskQueue"));
      Scope first = root.tagged(tags);
      tags.put("operation", "StartWorkflowExecution");

      assertSame(
          first,
          root.tagged(new ImmutableMap<>(Map.of("operation", "PollWorkflowTaskQueue"))),
          "the SDK's own map type, equal tags");
      assertSame(first, root.tagged(Map.of("operation", "PollWorkflowTaskQueue")), "any map");
      assertNotSame(first, root.tagged(tags), "the caller's later change is another tag set");
      assertSame(root.subScope("worker"), root.subScope("worker"));
      root.tagged(null).counter("grpc_health_probe").inc(1);
    }
  }

  @Test
  void scopesTaggedPastTheBoundStillReportUnderTheirTags() throws Exception {
    MetricRegistry registry = new MetricRegistry();
    try (Scope root = TemporalMetrics.scope(registry)) {
      for (int i = 0; i <= KnownTagsScope.MOST_TAG_SETS; i++) {
        root.tagged(Map.of("workflow_type", "Type" + i)).counter("temporal_started").inc(1);
      }
      root.tagged(Map.of("workflow_type", "Type0"))
          .tagged(Map.of("task_queue", "torale-monitor"))
          .counter("temporal_started")
          .inc(2);
    }

    assertEquals(KnownTagsScope.MOST_TAG_SETS + 2, registry.getCounters().size());
    int last = KnownTagsScope.MOST_TAG_SETS;
    assertEquals(1, registry.counter("temporal_started.workflow_type.Type" + last).getCount());
    assertEquals(
        2,
        registry
            .counter("temporal_started.task_queue.torale-monitor.workflow_type.Type0")
            .getCount(),
        "a tagged scope's tags add to its parent's");
  }

  /**
   * What the scope exists for: tally alone copies the parent's tags into a new map on every call,
   * even for a tag set it has a scope for. The service's scope measured beside tally's in the same
   * JVM, not against a fixed figure.
   */
  @Test
  void taggingAgainWithKnownTagsCopiesNothing() throws Exception {
    Map<String, String> common = Map.of("namespace", "default", "task_queue", "torale-monitor");
    try (Scope tally = new RootScopeBuilder().reportEvery(Duration.ofSeconds(10));
        Scope service = TemporalMetrics.scope(new MetricRegistry())) {
      long byTally = bytesToTag(tally.tagged(common));
      long byService = bytesToTag(service.tagged(common));

      assertTrue(
          byService * 4 < byTally,
          "bytes allocated for 10,000 tags: " + byService + " here, " + byTally + " by tally");
    }
  }

  private static long bytesToTag(Scope scope) {
    Map<String, String> tags =
        new ImmutableMap<>(Map.of("operation", "RespondActivityTaskCompleted"));
    scope.tagged(tags);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      scope.tagged(tags);
    }
    return threads.getCurrentThreadAllocatedBytes() - before;
  }
}
