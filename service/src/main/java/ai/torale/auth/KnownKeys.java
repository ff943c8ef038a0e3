package ai.torale.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The owners of the API keys this process has seen, by key digest, so a request with a known key
 * needs no database round trip. Exact only while {@link AuthChanges} listens: it is trusted only
 * then, and every change PostgreSQL reports (a revoke, a user deleted) drops it whole. A key is
 * read from the database again after {@link #RECHECK}, which also marks its use.
 */
public final class KnownKeys {
  /** As often as a key's use is marked ({@link ApiKeyDao#findOwnerAndTouch}). */
  static final Duration RECHECK = Duration.ofMinutes(1);

  /** Far above any real number of live keys; past it the cache starts over. */
  private static final int MOST = 10_000;

  private final Map<String, Known> owners = new ConcurrentHashMap<>();

  /** Moves on at every drop, so an answer read before a drop is never kept after it. */
  private final AtomicLong generation = new AtomicLong();

  private final Clock clock;
  private volatile boolean trusted;

  public KnownKeys(Clock clock) {
    this.clock = clock;
  }

  private record Known(User owner, long checkedAt) {}

  /** The owner of a live key checked less than {@link #RECHECK} ago; empty: ask the database. */
  Optional<User> owner(String digest) {
    if (!trusted) {
      return Optional.empty();
    }
    Known known = owners.get(digest);
    if (known == null || clock.millis() - known.checkedAt() >= RECHECK.toMillis()) {
      return Optional.empty();
    }
    return Optional.of(known.owner());
  }

  /** Where a database read starts: pass it to {@link #remember}. */
  long generation() {
    return generation.get();
  }

  /**
   * Keeps what the database said of a key at {@code readFrom}, unless a change was reported since
   * (the answer may predate it).
   */
  void remember(String digest, User owner, long readFrom) {
    if (!trusted) {
      return;
    }
    if (owners.size() >= MOST) {
      owners.clear();
    }
    owners.put(digest, new Known(owner, clock.millis()));
    if (generation.get() != readFrom) {
      owners.remove(digest);
    }
  }

  /** A key or a user changed: nothing known stays. */
  public void forgetAll() {
    generation.incrementAndGet();
    owners.clear();
  }

  /** Whether changes are heard, so the cache is used. */
  boolean trusted() {
    return trusted;
  }

  /** Changes are heard from now on. */
  void trust() {
    forgetAll();
    trusted = true;
  }

  /** Changes may go unheard (no listening connection): every request asks the database. */
  void distrust() {
    trusted = false;
    forgetAll();
  }
}
