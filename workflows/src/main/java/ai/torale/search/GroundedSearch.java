package ai.torale.search;

/** Answers a query from live web search, with the sources it used. */
public interface GroundedSearch {
  GroundedAnswer search(SearchRequest request) throws ProviderException;
}
