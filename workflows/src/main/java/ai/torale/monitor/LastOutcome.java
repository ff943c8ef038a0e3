package ai.torale.monitor;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a task's latest check ended, as operators read it: the {@code ToraleLastOutcome} search
 * attribute, the workflow's current details and its {@code state} query.
 */
public enum LastOutcome {
  CONDITION_MET("condition met"),
  CONDITION_NOT_MET("condition not met"),
  FAILED("failed"),
  CANCELLED("cancelled");

  private final String wire;

  LastOutcome(String wire) {
    this.wire = wire;
  }

  static LastOutcome of(CheckResult result) {
    return result.conditionMet() ? CONDITION_MET : CONDITION_NOT_MET;
  }

  @JsonValue
  public String wire() {
    return wire;
  }
}
