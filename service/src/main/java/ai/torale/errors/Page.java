package ai.torale.errors;

/** {@code limit} 1..100 (default 20) and {@code offset} ≥ 0 (default 0). */
public record Page(int limit, int offset) {
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 100;

  public static Page of(String limit, String offset) {
    return of(limit, offset, DEFAULT_LIMIT);
  }

  /** The same bounds with another default limit. */
  public static Page of(String limit, String offset, int defaultLimit) {
    Fields query = Fields.none("query");
    int l = query.integer("limit", limit, defaultLimit, 1, MAX_LIMIT);
    int o = query.integer("offset", offset, 0, 0, Integer.MAX_VALUE);
    query.check();
    return new Page(l, o);
  }
}
