package ai.torale.monitor;

import ai.torale.search.SearchRequest;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The begin and the search of a check, each by the implementation the worker runs for it. */
public class OpeningActivitiesImpl implements OpeningActivities {
  private static final Logger log = LoggerFactory.getLogger(OpeningActivitiesImpl.class);

  private final CheckActivities checks;
  private final SearchActivities search;
  private final Clock clock;

  public OpeningActivitiesImpl(CheckActivities checks, SearchActivities search, Clock clock) {
    this.checks = checks;
    this.search = search;
    this.clock = clock;
  }

  @Override
  public Opened openWithSearch(CheckActivities.Begin input) {
    CheckActivities.Begun begun;
    try {
      begun = checks.beginCheck(input);
    } catch (RuntimeException e) {
      // Not retried here: the monitor begins the check as a step of its own, which waits storage
      // out, and then searches.
      log.warn("Could not begin check {}: {}", input.executionId(), e.toString());
      throw ApplicationFailure.newNonRetryableFailure(
          "Storage could not begin the check", STORAGE_UNAVAILABLE);
    }
    CheckActivities.TaskSnapshot task = begun.task();
    if (task == null) {
      // Gone, or abandoned: the check does not run.
      return new Opened(begun, null);
    }
    return new Opened(
        begun,
        search.groundedSearch(
            input.executionId(),
            new SearchRequest(task.query(), task.condition(), clock.instant())));
  }
}
