package ai.torale.notify;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a task's owner is told about, spelled as webhooks receive it ({@code event_type}, {@code
 * X-Torale-Event}) and as delivery records store it.
 */
public enum NotificationEvent {
  /** The condition holds and the answer is news. */
  CONDITION_MET("task.condition_met"),
  /** Checks have failed several times in a row. */
  FAILING("task.failing"),
  /** A failing task's check worked again. */
  RECOVERED("task.recovered"),
  /**
   * Several held deliveries for one channel in one message: a digest task's findings at its digest
   * time, or what waited for the end of the owner's quiet hours.
   */
  DIGEST("digest");

  private final String wire;

  NotificationEvent(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** The event of a wire name, as stored deliveries are read back. */
  @JsonCreator
  public static NotificationEvent ofWire(String wire) {
    for (NotificationEvent event : values()) {
      if (event.wire.equals(wire) || event.name().equals(wire)) {
        return event;
      }
    }
    throw new IllegalArgumentException("unknown notification event '" + wire + "'");
  }
}
