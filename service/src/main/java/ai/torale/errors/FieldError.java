package ai.torale.errors;

import java.util.List;

/**
 * One entry of a 422 body: {@code {"loc":["body","search_query"],"msg":"Field
 * required","type":"missing"}}.
 */
public record FieldError(List<Object> loc, String msg, String type) {

  public static FieldError missing(String where, String field) {
    return new FieldError(List.of(where, field), "Field required", "missing");
  }

  public static FieldError of(String where, String field, String msg, String type) {
    return new FieldError(List.of(where, field), msg, type);
  }
}
