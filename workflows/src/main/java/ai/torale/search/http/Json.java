package ai.torale.search.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one mapper the provider adapters use for wire bodies; unknown fields are normal in provider
 * replies.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      sharedBuffers(new ObjectMapper())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /**
   * Gives {@code mapper} buffers from one pool shared by every thread. Jackson keeps them per
   * thread by default, and activities and requests run on virtual threads, each new: every read and
   * write allocated its buffers afresh (8–16 KB), garbage the collector then took from a check.
   */
  public static ObjectMapper sharedBuffers(ObjectMapper mapper) {
    mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedBoundedPool());
    return mapper;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * A request body as UTF-8 bytes, written straight into them: no String between the tree and the
   * wire.
   */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A tree built in memory always serializes", e);
    }
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A tree built in memory always serializes", e);
    }
  }

  /** Parses a body, or returns null when it is not JSON (an HTML error page from a proxy, say). */
  public static JsonNode parseOrNull(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Parses a reply's bytes as they came, or returns null when they are not JSON. */
  public static JsonNode parseOrNull(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** A text field, or null when it is missing, null or not text. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  public static long number(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.canConvertToLong() ? value.asLong() : 0;
  }
}
