package ai.torale.search.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

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

  /** Writes the fields of one JSON object, straight into a generator: no tree between. */
  @FunctionalInterface
  public interface Fields {
    void write(JsonGenerator json) throws IOException;
  }

  /**
   * A request body of {@code fields} as UTF-8 bytes, written as {@link #bytes(JsonNode)} writes a
   * tree, without the tree: a body is built once and sent once.
   */
  public static byte[] bytes(Fields fields) {
    WrittenBytes out = new WrittenBytes();
    try (JsonGenerator json = MAPPER.createGenerator(out)) {
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("Writing into memory does not fail", e);
    }
    return out.toByteArray();
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * A request body as UTF-8 bytes, written straight into them: no String between the tree and the
   * wire. The generator writes into its pooled buffer and hands the bytes over when it closes, so a
   * body that fits that buffer is one array of its own size ({@code writeValueAsBytes} grew a
   * builder block by block and then copied it whole).
   */
  public static byte[] bytes(JsonNode node) {
    WrittenBytes out = new WrittenBytes();
    try {
      MAPPER.writeValue(out, node);
    } catch (IOException e) {
      throw new IllegalStateException("A tree built in memory always serializes", e);
    }
    return out.toByteArray();
  }

  /** What a generator flushed, kept without a buffer of its own until a second flush needs one. */
  static final class WrittenBytes extends OutputStream {
    private byte[] bytes = new byte[0];
    private int count;

    @Override
    public void write(int b) {
      if (count == bytes.length) {
        // Byte by byte, the array grows by half, not by one each time.
        bytes = Arrays.copyOf(bytes, Math.max(16, count + (count >> 1)));
      }
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (count == 0) {
        bytes = Arrays.copyOfRange(b, off, off + len);
        count = len;
        return;
      }
      room(len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    // Grown to the exact size: the generator flushes whole buffers of 8,000 bytes, and a body
    // rarely takes more than two.
    private void room(int more) {
      if (count + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, count + more);
      }
    }

    byte[] toByteArray() {
      return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
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
