package ai.torale.monitor;

import ai.torale.search.GroundedAnswer;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.SearchRequest;
import ai.torale.search.Source;
import ai.torale.search.TokenUsage;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * A search provider and judge that say what the test scripts, per check: a check is numbered by its
 * first search attempt (1, 2, …), retries keep the number. A script may throw one of the failures
 * built here.
 */
final class ScriptedSearch implements SearchActivities {
  static final String DEFAULT_ANSWER = "Nothing announced yet";

  @FunctionalInterface
  interface Searches {
    GroundedAnswer search(int check, int attempt, SearchRequest request);
  }

  @FunctionalInterface
  interface Verdicts {
    Judgement judge(int check, JudgeRequest request);
  }

  private final AtomicInteger checks = new AtomicInteger();
  private final AtomicInteger searchAttempts = new AtomicInteger();
  private volatile Searches searches = (check, attempt, request) -> found(DEFAULT_ANSWER);
  private volatile Verdicts verdicts = (check, request) -> notMet(DEFAULT_ANSWER, inADay(request));

  void onSearch(Searches script) {
    searches = script;
  }

  void onJudge(Verdicts script) {
    verdicts = script;
  }

  /** The searches of the chosen checks fail, every attempt; the others find the default answer. */
  void failChecks(IntPredicate failing, Supplier<ApplicationFailure> failure) {
    onSearch((check, attempt, request) -> {
      if (failing.test(check)) {
        throw failure.get();
      }
      return found(DEFAULT_ANSWER);
    });
  }

  /** Checks that reached the search step. */
  int checks() {
    return checks.get();
  }

  /** Search attempts including retries. */
  int searchAttempts() {
    return searchAttempts.get();
  }

  @Override
  public GroundedAnswer groundedSearch(UUID executionId, SearchRequest request) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    int check = attempt == 1 ? checks.incrementAndGet() : checks.get();
    searchAttempts.incrementAndGet();
    return searches.search(check, attempt, request);
  }

  @Override
  public Judgement evaluateCondition(UUID executionId, JudgeRequest request) {
    return verdicts.judge(checks.get(), request);
  }

  static GroundedAnswer found(String answer) {
    return new GroundedAnswer(
        "scripted",
        "scripted-search",
        answer,
        List.of(new Source("https://blog.rust-lang.org/", "Rust Blog")),
        List.of("rust 2.0 release date"),
        new TokenUsage(100, 20));
  }

  static Judgement met(String answer, String notification, Instant nextRun) {
    return new Judgement(
        true,
        answer,
        notification,
        "The blog says so",
        90,
        nextRun.toString(),
        true,
        "Rust 2.0 release",
        "scripted-judge",
        new TokenUsage(50, 10));
  }

  static Judgement notMet(String answer, Instant nextRun) {
    return new Judgement(
        false,
        answer,
        null,
        "No announcement",
        80,
        nextRun.toString(),
        true,
        "Rust 2.0 release",
        "scripted-judge",
        new TokenUsage(50, 10));
  }

  static Instant inADay(JudgeRequest request) {
    return request.now().plus(Duration.ofDays(1));
  }

  static Instant inAnHour(JudgeRequest request) {
    return request.now().plus(Duration.ofHours(1));
  }

  /** A bad configuration or a rejected key: the check ends at once. */
  static ApplicationFailure nonRetryable(String message) {
    return ApplicationFailure.newBuilder()
        .setMessage(message)
        .setType("AUTH")
        .setDetails("HTTP 401 from provider")
        .setNonRetryable(true)
        .build();
  }

  /** A rate limit: the activity asks Temporal to retry after {@code delay}. */
  static ApplicationFailure retryable(String message, Duration delay) {
    return ApplicationFailure.newBuilder()
        .setMessage(message)
        .setType("RATE_LIMIT")
        .setNextRetryDelay(delay)
        .build();
  }
}
