package ai.torale.search.gemini;

import ai.torale.search.Source;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gemini's grounding chunks point at opaque {@code vertexaisearch.cloud.google.com} redirects.
 * Users should see the page itself: where a resolver can read the redirect's target it is shown,
 * otherwise the chunk's title, which Google fills with the page's domain.
 */
public final class GroundingLinks {
  static final String REDIRECT_HOST = "vertexaisearch.cloud.google.com";
  private static final Pattern DOMAIN =
      Pattern.compile("^(?i)[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$");

  /**
   * Looks up where redirect links lead; returns the target for each link it could resolve in time.
   */
  public interface Resolver {
    Map<String, String> targets(List<String> redirects);

    Resolver NONE = redirects -> Map.of();
  }

  /** One grounding chunk as Gemini gives it. */
  record Chunk(String uri, String title) {}

  private final Resolver resolver;

  public GroundingLinks(Resolver resolver) {
    this.resolver = resolver;
  }

  List<Source> sources(List<Chunk> chunks) {
    // Each chunk's link is parsed once, not again when the chunk becomes a source.
    Set<String> redirects = new LinkedHashSet<>();
    for (Chunk chunk : chunks) {
      if (isRedirect(chunk.uri())) {
        redirects.add(chunk.uri());
      }
    }
    Map<String, String> targets =
        redirects.isEmpty() ? Map.of() : resolver.targets(List.copyOf(redirects));
    Map<String, Source> byUrl = new LinkedHashMap<>();
    for (Chunk chunk : chunks) {
      String url =
          redirects.contains(chunk.uri())
              ? Optional.ofNullable(targets.get(chunk.uri())).orElseGet(() -> byTitle(chunk))
              : chunk.uri();
      byUrl.putIfAbsent(url, new Source(url, chunk.title()));
    }
    return new ArrayList<>(byUrl.values());
  }

  static boolean isRedirect(String uri) {
    try {
      return uri != null && REDIRECT_HOST.equalsIgnoreCase(URI.create(uri).getHost());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String byTitle(Chunk chunk) {
    String title = chunk.title() == null ? "" : chunk.title().strip();
    return DOMAIN.matcher(title).matches() ? "https://" + title : chunk.uri();
  }
}
