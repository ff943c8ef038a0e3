package ai.torale.auth;

import java.security.Principal;
import java.time.Instant;
import java.util.UUID;

/** A Torale account: the owner of tasks and API keys. */
public record User(UUID id, String email, boolean isAdmin, Instant createdAt) implements Principal {
  @Override
  public String getName() {
    return email;
  }
}
