package ai.torale.search;

/**
 * The judge's verdict on one check. {@code nextRun} is the model's proposal as it gave it (ISO-8601
 * text, or null when the goal is permanently reached); the scheduling policy decides what to do
 * with it. {@code notification} is null when there is nothing new to tell the owner.
 */
public record Judgement(
    boolean conditionMet,
    String answer,
    String notification,
    String evidence,
    int confidence,
    String nextRun,
    boolean nextRunGiven,
    String topic,
    String model,
    TokenUsage usage) {

  public Judgement {
    usage = usage == null ? TokenUsage.NONE : usage;
  }
}
