package ai.torale.tasks;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Names the service makes up for a task ("New Monitor 2", "Launch (Copy 3)"): always one the owner
 * does not have yet, with the base cut so that the suffix fits. The owner's generated names are
 * picked one transaction at a time (a transaction-scoped advisory lock on the owner), so concurrent
 * creates and forks never pick the same one; a writer outside that lock (a check renaming its task)
 * can still take a name first, which the caller answers by picking again.
 */
public final class TaskNames {
  /** The name of a task created without one, until its first check names it after its topic. */
  public static final String DEFAULT_NAME = "New Monitor";

  /**
   * The default series as a regular expression (Java's and PostgreSQL's): "New Monitor", "New
   * Monitor 2", …
   */
  static final String DEFAULT_PATTERN = "^" + DEFAULT_NAME + "( [0-9]+)?$";

  private static final Pattern DEFAULT = Pattern.compile(DEFAULT_PATTERN);

  /** The longest suffix a series adds: " (Copy 2147483647)". */
  private static final int MAX_SUFFIX = 18;

  private final String base;
  private final IntFunction<String> suffix;

  private TaskNames(String base, IntFunction<String> suffix) {
    this.base = base;
    this.suffix = suffix;
  }

  /** "New Monitor", "New Monitor 2", … */
  static TaskNames defaults() {
    return new TaskNames(DEFAULT_NAME, i -> i == 1 ? "" : " " + i);
  }

  /** Whether {@code name} is one of the default series, which a check may replace by its topic. */
  public static boolean isDefault(String name) {
    return name != null && DEFAULT.matcher(name).matches();
  }

  /** "&lt;name&gt; (Copy)", "&lt;name&gt; (Copy 2)", … */
  static TaskNames copiesOf(String name) {
    return new TaskNames(name, i -> i == 1 ? " (Copy)" : " (Copy " + i + ")");
  }

  /**
   * The first name of the series the owner does not have; holds the owner's name lock until commit.
   */
  String firstFree(Handle h, UUID owner) {
    TaskDao tasks = new TaskDao(h);
    tasks.lockGeneratedNames(owner);
    // Every name of the series starts with this prefix, so one query finds all the owner's taken
    // ones.
    String prefix = TaskRequests.fitName(base, TaskRequests.MAX_NAME - MAX_SUFFIX);
    Set<String> taken = new HashSet<>(tasks.namesStartingWith(owner, prefix));
    for (int i = 1; ; i++) {
      String candidate = name(i);
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
  }

  String name(int i) {
    String end = suffix.apply(i);
    return TaskRequests.fitName(base, TaskRequests.MAX_NAME - end.length()) + end;
  }
}
