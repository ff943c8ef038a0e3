package ai.torale.search.http;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An endpoint's addresses by path, each parsed once: a provider client sends every check to the
 * same one or two.
 */
public final class Addresses {
  private final Endpoint endpoint;
  private final Map<String, URI> byPath = new ConcurrentHashMap<>();

  public Addresses(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** {@link Endpoint#uri} of {@code path}; a base URL that is none fails every call alike. */
  public URI of(String path) {
    return byPath.computeIfAbsent(path, endpoint::uri);
  }
}
