package ai.torale.auth;

import java.time.Instant;
import java.util.UUID;

/** A stored API key: only its digest and a display prefix, never the key itself. */
public record ApiKey(
    UUID id,
    UUID userId,
    String name,
    String keyHash,
    String keyPrefix,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {}
