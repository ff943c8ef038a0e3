package ai.torale.digest;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.UUID;

/** The storage side of a user's digest workflow. */
@ActivityInterface
public interface DigestActivities {

  /** Gathers the user's held deliveries that are due into digests: {@link DigestStore#gather}. */
  @ActivityMethod(name = "GatherDigests")
  DigestStore.Gathered gather(UUID userId);
}
