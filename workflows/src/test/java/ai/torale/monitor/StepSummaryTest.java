package ai.torale.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The text the Temporal UI shows beside a check's steps: one line, at most 80 characters. */
class StepSummaryTest {
  @Test
  void foldsEveryRunOfWhitespaceIntoOneSpace() {
    assertEquals(
        "When is the next iPhone released?",
        MonitorWorkflowImpl.abbreviate("  When is\tthe next\n\niPhone   released?  "));
  }

  @Test
  void cutsALongTextAtEightyCharactersWithAnEllipsis() {
    String summary = MonitorWorkflowImpl.abbreviate("word ".repeat(40));
    assertEquals(80, summary.length());
    assertEquals("…", summary.substring(79));
  }

  @Test
  void summarisesNothingAsEmpty() {
    assertEquals("", MonitorWorkflowImpl.abbreviate(null));
  }
}
