package ai.torale.metrics;

import ai.torale.search.Providers;
import ai.torale.search.TokenUsage;
import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

/** Times every provider call and counts the tokens providers report, per provider and step. */
public final class MeteredProviders {
  private MeteredProviders() {}

  public static Providers wrap(Providers providers, MetricRegistry registry) {
    String prefix = MetricRegistry.name("torale", "provider", providers.name());
    Timer search = LockFreeMetrics.timer(registry, MetricRegistry.name(prefix, "search"));
    Timer evaluate = LockFreeMetrics.timer(registry, MetricRegistry.name(prefix, "evaluate"));
    // Looked up once: a name built and found on every call was garbage on every check.
    Tokens tokens =
        new Tokens(
            registry.counter(MetricRegistry.name(prefix, "tokens", "input")),
            registry.counter(MetricRegistry.name(prefix, "tokens", "output")));
    return new Providers(
        providers.name(),
        request -> {
          try (Timer.Context ignored = search.time()) {
            var answer = providers.search().search(request);
            tokens.count(answer.usage());
            return answer;
          }
        },
        request -> {
          try (Timer.Context ignored = evaluate.time()) {
            var verdict = providers.judge().judge(request);
            tokens.count(verdict.usage());
            return verdict;
          }
        });
  }

  private record Tokens(Counter input, Counter output) {
    void count(TokenUsage usage) {
      input.inc(usage.inputTokens());
      output.inc(usage.outputTokens());
    }
  }
}
