package ai.torale.metrics;

import ai.torale.search.Providers;
import ai.torale.search.TokenUsage;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

/** Times every provider call and counts the tokens providers report, per provider and step. */
public final class MeteredProviders {
  private MeteredProviders() {}

  public static Providers wrap(Providers providers, MetricRegistry registry) {
    String prefix = MetricRegistry.name("torale", "provider", providers.name());
    Timer search = LockFreeMetrics.timer(registry, MetricRegistry.name(prefix, "search"));
    Timer evaluate = LockFreeMetrics.timer(registry, MetricRegistry.name(prefix, "evaluate"));
    return new Providers(
        providers.name(),
        request -> {
          try (Timer.Context ignored = search.time()) {
            var answer = providers.search().search(request);
            countTokens(registry, prefix, answer.usage());
            return answer;
          }
        },
        request -> {
          try (Timer.Context ignored = evaluate.time()) {
            var verdict = providers.judge().judge(request);
            countTokens(registry, prefix, verdict.usage());
            return verdict;
          }
        });
  }

  private static void countTokens(MetricRegistry registry, String prefix, TokenUsage usage) {
    registry.counter(MetricRegistry.name(prefix, "tokens", "input")).inc(usage.inputTokens());
    registry.counter(MetricRegistry.name(prefix, "tokens", "output")).inc(usage.outputTokens());
  }
}
