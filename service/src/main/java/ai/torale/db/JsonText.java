package ai.torale.db;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;

/**
 * A jsonb column's text, served as it is: PostgreSQL wrote it as JSON, so the API copies it into
 * its answer instead of parsing it into a tree and writing the tree back (most of a list's work).
 */
public record JsonText(String text) implements JsonSerializable {
  private static final ObjectMapper TREES = new ObjectMapper();

  /** The value as a tree, for the few readers that look inside it (a feed's entry). */
  public JsonNode tree() {
    try {
      return TREES.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a jsonb column's text does not parse", e);
    }
  }

  @Override
  public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
    gen.writeRawValue(text);
  }

  @Override
  public void serializeWithType(
      JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
      throws IOException {
    serialize(gen, serializers);
  }
}
