package ai.torale.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Bridges the Temporal SDK's metrics (reported through tally) into the Dropwizard registry, so
 * worker and client figures reach the same Prometheus endpoint as everything else. Tags become part
 * of the metric name.
 */
public final class TemporalMetrics implements StatsReporter {
  private static final int MAX_SAMPLES_PER_BUCKET = 1_000;

  private final MetricRegistry registry;
  // The SDK reports a timer sample per poll, task and call: the registry's metric for each name and
  // tags is looked up here, not named again from a sorted copy of the tags every time (≈ 1 % of a
  // check's CPU in the checks profile).
  private final Map<Key, Metric> metrics = new ConcurrentHashMap<>();

  /** {@code kind}: a name and tags may be reported as a timer and as a histogram alike. */
  private record Key(String name, Map<String, String> tags, Class<? extends Metric> kind) {}

  private TemporalMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  public static Scope scope(MetricRegistry registry) {
    return new KnownTagsScope(
        new RootScopeBuilder()
            .reporter(new TemporalMetrics(registry))
            .reportEvery(Duration.ofSeconds(10)));
  }

  @Override
  public void reportCounter(String name, Map<String, String> tags, long value) {
    metric(name, tags, Counter.class, registry::counter).inc(value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void reportGauge(String name, Map<String, String> tags, double value) {
    ((DefaultSettableGauge<Double>)
            registry.gauge(name(name, tags), () -> new DefaultSettableGauge<>(0.0)))
        .setValue(value);
  }

  @Override
  public void reportTimer(String name, Map<String, String> tags, Duration interval) {
    timer(name, tags).update(interval.getNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void reportHistogramValueSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      double bucketLowerBound,
      double bucketUpperBound,
      long samples) {
    var histogram =
        metric(name, tags, Histogram.class, n -> LockFreeMetrics.histogram(registry, n));
    for (long i = 0; i < Math.min(samples, MAX_SAMPLES_PER_BUCKET); i++) {
      histogram.update((long) bucketUpperBound);
    }
  }

  @Override
  public void reportHistogramDurationSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      Duration bucketLowerBound,
      Duration bucketUpperBound,
      long samples) {
    var timer = timer(name, tags);
    for (long i = 0; i < Math.min(samples, MAX_SAMPLES_PER_BUCKET); i++) {
      timer.update(bucketUpperBound.getNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String name, Map<String, String> tags) {
    return metric(name, tags, Timer.class, n -> LockFreeMetrics.timer(registry, n));
  }

  private <M extends Metric> M metric(
      String name, Map<String, String> tags, Class<M> kind, Function<String, M> registered) {
    return kind.cast(
        metrics.computeIfAbsent(
            new Key(name, tags, kind), k -> registered.apply(name(name, tags))));
  }

  @Override
  public Capabilities capabilities() {
    return CapableOf.REPORTING;
  }

  @Override
  public void flush() {
    // the registry is read on demand
  }

  @Override
  public void close() {
    // nothing to release
  }

  static String name(String name, Map<String, String> tags) {
    StringBuilder full = new StringBuilder(name);
    new TreeMap<>(tags).forEach((k, v) -> full.append('.').append(k).append('.').append(v));
    return full.toString();
  }
}
