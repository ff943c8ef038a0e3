package ai.torale.monitor;

import ai.torale.search.GroundedAnswer;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * A check's first step: its execution opened and the task read, then the grounded search on what
 * was read, in one activity. As two steps, the begin ran as a local activity inside the workflow
 * task that woke the monitor, the search was scheduled only when that task completed, and the
 * begin's result (the task as read) stayed in the history as a marker. As one, that workflow task
 * schedules the opening at once, and the task as read comes back with the answer.
 */
@ActivityInterface
public interface OpeningActivities {

  /**
   * Begins the check as {@link CheckActivities#beginCheck} does and, when the task is there and the
   * run goes ahead, searches with its query and condition. A failed search fails the step, the
   * begin kept (a retry begins again, which changes nothing twice); storage that could not begin
   * the check fails it with {@link #STORAGE_UNAVAILABLE}, before any search.
   */
  @ActivityMethod(name = "OpenCheckWithSearch")
  Opened openWithSearch(CheckActivities.Begin input);

  /** Failure type of an opening whose begin could not reach storage. */
  String STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE";

  /** {@code found}: null when the check does not run ({@link CheckActivities.Begun}). */
  record Opened(CheckActivities.Begun begun, GroundedAnswer found) {}
}
