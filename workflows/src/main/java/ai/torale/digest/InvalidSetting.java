package ai.torale.digest;

/** A delivery setting that does not parse: which field, and why, in words for the user. */
public final class InvalidSetting extends Exception {
  private final String field;
  private final String type;

  public InvalidSetting(String field, String message, String type) {
    super(message, null, false, false);
    this.field = field;
    this.type = type;
  }

  public String field() {
    return field;
  }

  /** The 422 {@code type}: {@code enum}, {@code value_error}, {@code missing}. */
  public String type() {
    return type;
  }
}
