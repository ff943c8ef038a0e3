package ai.torale.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.Providers;
import ai.torale.search.SearchRequest;
import ai.torale.search.TokenUsage;
import com.codahale.metrics.MetricRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Provider calls timed and the tokens they report counted, per provider and step. */
class MeteredProvidersTest {
  private static final Instant NOW = Instant.parse("2026-12-04T06:00:00Z");
  private static final GroundedAnswer FOUND =
      new GroundedAnswer("p", "m", "answer", List.of(), List.of(), new TokenUsage(100, 20));

  @Test
  void timesEachStepAndCountsTheTokensOfEveryCall() {
    MetricRegistry registry = new MetricRegistry();
    Providers metered =
        MeteredProviders.wrap(
            new Providers(
                "gemini",
                request -> FOUND,
                request ->
                    new Judgement(
                        false, "no", null, "", 50, null, false, "t", "m", new TokenUsage(7, 3))),
            registry);

    SearchRequest search = new SearchRequest("q", "c", NOW);
    metered.search().search(search);
    metered.search().search(search);
    metered.judge().judge(new JudgeRequest("q", "c", FOUND, null, List.of(), NOW));

    assertEquals(2, registry.timer("torale.provider.gemini.search").getCount());
    assertEquals(1, registry.timer("torale.provider.gemini.evaluate").getCount());
    assertEquals(2 * 100 + 7, registry.counter("torale.provider.gemini.tokens.input").getCount());
    assertEquals(2 * 20 + 3, registry.counter("torale.provider.gemini.tokens.output").getCount());
  }
}
