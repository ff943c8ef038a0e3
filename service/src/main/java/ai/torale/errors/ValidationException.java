package ai.torale.errors;

import java.util.List;

/**
 * A request whose body, path or query did not validate: answered 422 with the list of what was
 * wrong.
 */
public class ValidationException extends RuntimeException {
  private final List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super("Validation failed", null, false, false);
    this.errors = List.copyOf(errors);
  }

  public ValidationException(FieldError error) {
    this(List.of(error));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
