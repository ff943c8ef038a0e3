package ai.torale.monitor;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The life of one check, as the executions API shows it. */
public enum ExecutionStatus {
  PENDING,
  RUNNING,
  SUCCESS,
  FAILED,
  CANCELLED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean finished() {
    return this == SUCCESS || this == FAILED || this == CANCELLED;
  }
}
