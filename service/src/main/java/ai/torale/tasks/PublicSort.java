package ai.torale.tasks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The orders of the public task list. */
public enum PublicSort {
  /** Newest task first. */
  RECENT,
  /** Most viewed first ({@code view_count}), newest first among equals. */
  POPULAR;

  public static final List<String> WORDS = List.of("recent", "popular");

  public static Optional<PublicSort> parse(String word) {
    return WORDS.contains(word)
        ? Optional.of(valueOf(word.toUpperCase(Locale.ROOT)))
        : Optional.empty();
  }
}
