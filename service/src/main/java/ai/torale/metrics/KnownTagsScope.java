package ai.torale.metrics;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.Counter;
import com.uber.m3.tally.Gauge;
import com.uber.m3.tally.Histogram;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import com.uber.m3.tally.Timer;
import com.uber.m3.util.ImmutableMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tally scope that keeps the scope it tagged for each set of tags and hands it out again. The
 * Temporal SDK tags its scope anew for every gRPC call and every task it handles, always with the
 * same few tag sets, and tally merges the parent's tags into a fresh map before it finds the scope
 * it already made for them: 60 KiB a check of the service's 620 in the checks profile, for scopes
 * it had. Looked up here, an equal tag set costs a hash lookup and no copy.
 */
final class KnownTagsScope implements Scope {
  // The SDK's tag sets are few (operations, task queues, workflow and activity types); past this
  // many, a scope tags as tally does, so an unexpected tag with unbounded values cannot grow it.
  static final int MOST_TAG_SETS = 1_024;

  private final Scope scope;
  private final Map<Map<String, String>, Scope> tagged = new ConcurrentHashMap<>();
  private final Map<String, Scope> named = new ConcurrentHashMap<>();

  KnownTagsScope(Scope scope) {
    this.scope = scope;
  }

  @Override
  public Scope tagged(Map<String, String> tags) {
    if (tags == null) {
      // The SDK's gRPC interceptor tags a call to a method it has no tags for (the health probe)
      // with null, which tally takes as none.
      return new KnownTagsScope(scope.tagged(null));
    }
    Scope known = tagged.get(tags);
    // A copy, since the caller may change its map; tally's own map type, since its equals knows
    // no other (the SDK's tags are of that type), while any map equals one of it by its entries.
    return known != null ? known : remember(tagged, new ImmutableMap<>(tags), scope.tagged(tags));
  }

  @Override
  public Scope subScope(String name) {
    Scope known = named.get(name);
    return known != null ? known : remember(named, name, scope.subScope(name));
  }

  private static <K> Scope remember(Map<K, Scope> known, K key, Scope made) {
    Scope scope = new KnownTagsScope(made);
    if (known.size() >= MOST_TAG_SETS) {
      return scope;
    }
    Scope first = known.putIfAbsent(key, scope);
    return first != null ? first : scope;
  }

  @Override
  public Counter counter(String name) {
    return scope.counter(name);
  }

  @Override
  public Gauge gauge(String name) {
    return scope.gauge(name);
  }

  @Override
  public Timer timer(String name) {
    return scope.timer(name);
  }

  @Override
  public Histogram histogram(String name, Buckets buckets) {
    return scope.histogram(name, buckets);
  }

  @Override
  public Capabilities capabilities() {
    return scope.capabilities();
  }

  @Override
  public void close() throws ScopeCloseException {
    scope.close();
  }
}
