package ai.torale.errors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads request bodies into JSON trees and answers malformed ones with the contract's 422 form, so
 * resources validate fields themselves and can name each bad field.
 */
public final class JsonBodies {
  private JsonBodies() {}

  /**
   * The body as a JSON object; an absent body is {@code null} when {@code optional}, else a 422.
   */
  public static JsonNode object(ObjectMapper mapper, String body, boolean optional) {
    if (body == null || body.isBlank()) {
      if (optional) {
        return mapper.createObjectNode();
      }
      throw new ValidationException(new FieldError(List.of("body"), "Field required", "missing"));
    }
    JsonNode node;
    try {
      // Trailing content ("{…} x", "{…}{…}") is a malformed body, not one to read the first value
      // of.
      node = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
    } catch (JsonProcessingException e) {
      throw new ValidationException(decodeError(e));
    }
    if (node == null || node.isNull() && optional) {
      return mapper.createObjectNode();
    }
    if (!node.isObject()) {
      throw new ValidationException(
          new FieldError(
              List.of("body"),
              "Input should be a valid dictionary or object to extract fields from",
              "model_attributes_type"));
    }
    return node;
  }

  static FieldError decodeError(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    List<Object> loc = new ArrayList<>();
    loc.add("body");
    if (at != null && at.getCharOffset() >= 0) {
      loc.add(at.getCharOffset());
    }
    return new FieldError(loc, "JSON decode error", "json_invalid");
  }
}
