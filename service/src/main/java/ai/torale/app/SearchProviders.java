package ai.torale.app;

import ai.torale.search.Providers;

/** Builds the configured search provider (the provider implementations arrive with the providers issue). */
final class SearchProviders {
  private SearchProviders() {}

  static Providers from(ToraleConfiguration.Search search) {
    return Providers.unconfigured(null);
  }
}
