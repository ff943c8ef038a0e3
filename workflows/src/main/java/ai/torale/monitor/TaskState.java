package ai.torale.monitor;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A task's lifecycle state, spelled as the REST contract spells it. */
public enum TaskState {
  ACTIVE,
  PAUSED,
  COMPLETED;

  /**
   * Jackson writes and reads a state by this word (in workflow payloads); the service parses with
   * {@link #parse}.
   */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TaskState> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
  }

  /** The transitions a user may ask for; staying in the same state is always allowed. */
  public boolean canMoveTo(TaskState target) {
    if (this == target) {
      return true;
    }
    return switch (this) {
      case ACTIVE -> true;
      case PAUSED -> target == ACTIVE;
      case COMPLETED -> target == ACTIVE;
    };
  }
}
