package ai.torale.errors;

/**
 * A request the domain refuses, in the domain's terms: the kind of refusal and a message for the
 * client (no secrets, no internals). Only the edge knows which HTTP status a kind is
 * (ErrorMappers), so services stay free of HTTP and a status code changes in one place.
 */
public class DomainException extends RuntimeException {
  /** What went wrong, as the domain sees it. */
  public enum Kind {
    /**
     * The request breaks a rule of the domain (not a malformed field: that is a
     * ValidationException).
     */
    INVALID,
    NOT_FOUND,
    /** The request clashes with the current state (a taken name, the last key). */
    CONFLICT,
    /** A per-user limit is reached. */
    LIMITED,
    /** A service we depend on refused or failed what we asked of it. */
    UPSTREAM_FAILED,
    /** A service we depend on cannot be reached, or is not configured. */
    UNAVAILABLE
  }

  private final Kind kind;

  public DomainException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static DomainException invalid(String message) {
    return new DomainException(Kind.INVALID, message);
  }

  public static DomainException notFound(String message) {
    return new DomainException(Kind.NOT_FOUND, message);
  }

  public static DomainException conflict(String message) {
    return new DomainException(Kind.CONFLICT, message);
  }
}
