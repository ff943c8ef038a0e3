package ai.torale.digest;

import java.util.UUID;

/**
 * Tells a user's digest workflow that storage holds deliveries it may not know of, starting it when
 * it is not running (the service implements it with signal-with-start). Best effort: a wake that
 * fails is made good by the service's repair of held deliveries.
 */
public interface DigestWakeups {
  void wake(UUID userId);
}
