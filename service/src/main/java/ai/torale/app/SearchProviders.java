package ai.torale.app;

import ai.torale.search.ProviderFactory;
import ai.torale.search.ProviderSettings;
import ai.torale.search.Providers;

/** Builds the configured search provider from config.yml's {@code search} block. */
final class SearchProviders {
  private SearchProviders() {}

  static Providers from(ToraleConfiguration.Search search) {
    return ProviderFactory.create(
        new ProviderSettings(
            search.provider,
            search.geminiApiKey,
            search.geminiBaseUrl,
            search.geminiModel,
            search.openaiApiKey,
            search.openaiBaseUrl,
            search.openaiModel,
            search.searxngUrl,
            search.searchTimeout.toJavaDuration(),
            search.evaluationTimeout.toJavaDuration(),
            search.resolveGroundingLinks));
  }
}
