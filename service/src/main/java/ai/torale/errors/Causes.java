package ai.torale.errors;

import java.util.Optional;
import java.util.function.Predicate;

/** Walks an exception's chain of causes, stopping at a cause that names itself. */
public final class Causes {
  private Causes() {}

  /** The first of {@code e} and its causes that {@code matches}. */
  public static Optional<Throwable> first(Throwable e, Predicate<Throwable> matches) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (matches.test(t)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
