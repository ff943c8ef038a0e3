package ai.torale.monitor;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a check ran: its schedule came due, or someone pressed "Run now". */
public enum CheckTrigger {
  SCHEDULED,
  MANUAL;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
