package ai.torale.search.gemini;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves grounding redirects with one non-following HEAD each, all in parallel within one small
 * time budget, so a slow redirector can never hold up a check. Results are cached: each lookup
 * tells Google which link was resolved, and the same links recur from check to check.
 */
public final class HeadRedirectResolver implements GroundingLinks.Resolver {
  static final int MAX_LOOKUPS = 10;
  private static final int CACHE_SIZE = 2_000;

  private final HttpClient client;
  private final Duration budget;
  private final Map<String, String> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > CACHE_SIZE;
            }
          });

  /** {@code client} must not follow redirects: the target is read from the Location header. */
  public HeadRedirectResolver(HttpClient client, Duration budget) {
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException(
          "The resolver needs a client that does not follow redirects");
    }
    this.client = client;
    this.budget = budget;
  }

  @Override
  public Map<String, String> targets(List<String> redirects) {
    Map<String, String> found = new LinkedHashMap<>();
    Map<String, CompletableFuture<String>> pending = new LinkedHashMap<>();
    for (String redirect : redirects) {
      String cached = cache.get(redirect);
      if (cached != null) {
        found.put(redirect, cached);
      } else if (pending.size() < MAX_LOOKUPS) {
        pending.put(redirect, lookUp(redirect));
      }
    }
    long deadline = System.nanoTime() + budget.toNanos();
    pending.forEach((redirect, future) -> {
      String target = await(future, deadline);
      if (target != null) {
        cache.put(redirect, target);
        found.put(redirect, target);
      }
    });
    return found;
  }

  private CompletableFuture<String> lookUp(String redirect) {
    HttpRequest head =
        HttpRequest.newBuilder(URI.create(redirect))
            .timeout(budget)
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();
    return client
        .sendAsync(head, HttpResponse.BodyHandlers.discarding())
        .thenApply(
            r -> r.statusCode() / 100 == 3 ? r.headers().firstValue("location").orElse(null) : null)
        .thenApply(HeadRedirectResolver::httpUrlOrNull)
        .exceptionally(e -> null);
  }

  private static String await(CompletableFuture<String> future, long deadline) {
    long left = deadline - System.nanoTime();
    try {
      return left <= 0
          ? future.getNow(null)
          : future.get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      future.cancel(true);
      return null;
    }
  }

  private static String httpUrlOrNull(String location) {
    if (location == null) {
      return null;
    }
    try {
      String scheme = URI.create(location).getScheme();
      return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme) ? location : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
