package ai.torale.errors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads and checks the fields of one JSON body (or one query string), collecting every problem
 * before answering 422 once, with the same {@code loc}/{@code msg}/{@code type} words as the
 * contract.
 */
public final class Fields {
  private final String where;
  private final JsonNode node;
  private final List<FieldError> errors = new ArrayList<>();

  private Fields(String where, JsonNode node) {
    this.where = where;
    this.node = node;
  }

  public static Fields body(JsonNode node) {
    return new Fields("body", node);
  }

  public static Fields none(String where) {
    return new Fields(where, null);
  }

  /** The raw value of a field (null when absent), for shapes the typed readers do not cover. */
  public JsonNode node(String field) {
    return node == null ? null : node.get(field);
  }

  /**
   * A string of at most {@code maxLength} characters; null when absent or JSON null and not
   * required.
   */
  public String string(String field, boolean required, int maxLength) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        errors.add(FieldError.missing(where, field));
      }
      return null;
    }
    if (!value.isTextual()) {
      errors.add(FieldError.of(where, field, "Input should be a valid string", "string_type"));
      return null;
    }
    if (value.textValue().indexOf('\u0000') >= 0) {
      // PostgreSQL text cannot hold NUL; say so instead of failing at the database.
      errors.add(
          FieldError.of(
              where, field, "String should not contain NUL characters", "string_pattern_mismatch"));
      return null;
    }
    return checkLength(field, value.textValue(), maxLength);
  }

  /**
   * A {@link #string} of plain text (see {@link PlainText}): one line, or several when {@code
   * multiLine}.
   */
  public String plainText(String field, boolean required, int maxLength, boolean multiLine) {
    String text = string(field, required, maxLength);
    if (text != null && !PlainText.allowed(text, multiLine)) {
      errors.add(
          FieldError.of(
              where,
              field,
              multiLine
                  ? "String should not contain control characters other than tab and line breaks, or bidi overrides"
                  : "String should not contain control characters or bidi overrides",
              "string_pattern_mismatch"));
      return null;
    }
    return text;
  }

  public String checkLength(String field, String text, int maxLength) {
    if (text != null && text.codePointCount(0, text.length()) > maxLength) {
      errors.add(
          FieldError.of(
              where,
              field,
              "String should have at most " + maxLength + " characters",
              "string_too_long"));
      return null;
    }
    return text;
  }

  /** A well-formed email address (see {@link EmailAddresses}), stripped. */
  public String email(String field, boolean required) {
    String email = string(field, required, 320);
    if (email != null && !EmailAddresses.wellFormed(email.strip())) {
      errors.add(FieldError.of(where, field, "value is not a valid email address", "value_error"));
      return null;
    }
    return email == null ? null : email.strip();
  }

  public Boolean bool(String field, boolean required) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        errors.add(FieldError.missing(where, field));
      }
      return null;
    }
    if (!value.isBoolean()) {
      errors.add(FieldError.of(where, field, "Input should be a valid boolean", "bool_parsing"));
      return null;
    }
    return value.booleanValue();
  }

  /**
   * One of the given words, parsed by {@code parse}; an unknown word is a 422 naming the allowed
   * ones.
   */
  public <T> T oneOf(
      String field, String text, List<String> allowed, Function<String, Optional<T>> parse) {
    if (text == null) {
      return null;
    }
    Optional<T> parsed = parse.apply(text);
    if (parsed.isEmpty()) {
      errors.add(FieldError.of(where, field, "Input should be " + quoteList(allowed), "enum"));
      return null;
    }
    return parsed.get();
  }

  public JsonNode array(String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      errors.add(FieldError.of(where, field, "Input should be a valid list", "list_type"));
      return null;
    }
    return value;
  }

  /** An integer query value within [min, max]; {@code fallback} when absent. */
  public int integer(String field, String text, int fallback, int min, int max) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      errors.add(
          FieldError.of(
              where,
              field,
              "Input should be a valid integer, unable to parse string as an integer",
              "int_parsing"));
      return fallback;
    }
    if (value < min) {
      errors.add(
          FieldError.of(
              where,
              field,
              "Input should be greater than or equal to " + min,
              "greater_than_equal"));
    } else if (value > max) {
      errors.add(
          FieldError.of(
              where, field, "Input should be less than or equal to " + max, "less_than_equal"));
    }
    return value;
  }

  public boolean flag(String field, String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> {
        errors.add(
            FieldError.of(
                where,
                field,
                "Input should be a valid boolean, unable to interpret input",
                "bool_parsing"));
        yield false;
      }
    };
  }

  public void add(FieldError error) {
    errors.add(error);
  }

  /** Answers 422 with everything found so far, if anything was. */
  public void check() {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  /** A UUID from a path segment, or 422 naming it. */
  public static UUID uuid(String field, String text) {
    return uuidIn("path", field, text);
  }

  /** A UUID from the path or the query, or 422 naming it. */
  public static UUID uuidIn(String where, String field, String text) {
    try {
      if (text != null && text.length() == 36) {
        return UUID.fromString(text);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the 422 below
    }
    throw new ValidationException(
        FieldError.of(where, field, "Input should be a valid UUID", "uuid_parsing"));
  }

  private static String quoteList(List<String> words) {
    List<String> quoted = words.stream().map(w -> "'" + w + "'").toList();
    if (quoted.size() == 1) {
      return quoted.get(0);
    }
    return String.join(", ", quoted.subList(0, quoted.size() - 1))
        + " or "
        + quoted.get(quoted.size() - 1);
  }
}
