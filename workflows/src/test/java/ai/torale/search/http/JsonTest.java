package ai.torale.search.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void theProvidersMapperTakesItsBuffersFromTheSharedPool() {
    assertSame(JsonRecyclerPools.sharedBoundedPool(), Json.MAPPER.getFactory()._getRecyclerPool());
  }

  /**
   * A virtual thread lives for one activity or request: what it wrote with leaves its buffers in
   * the pool for the next thread's write.
   */
  @Test
  void aWriteOnAVirtualThreadLeavesItsBuffersForTheNext() throws Exception {
    ObjectMapper mapper = Json.sharedBuffers(new ObjectMapper());
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      threads.submit(() -> mapper.writeValueAsString(Map.of("answer", "x".repeat(10_000)))).get();
    }
    assertTrue(mapper.getFactory()._getRecyclerPool().pooledCount() > 0);
  }

  /** Why: Jackson's default keeps them per thread, and a new virtual thread finds none. */
  @Test
  void jacksonsDefaultKeepsThemPerThread() {
    assertNotSame(
        JsonRecyclerPools.sharedBoundedPool(), new ObjectMapper().getFactory()._getRecyclerPool());
    assertSame(
        JsonRecyclerPools.threadLocalPool(), new ObjectMapper().getFactory()._getRecyclerPool());
  }

  /**
   * Request bodies go out as the bytes Jackson writes, replies are read from the bytes that came.
   */
  @Test
  void bodiesAreUtf8BytesBothWays() {
    ObjectNode body = Json.object().put("q", "Café prices — «2026» ✓");
    byte[] wire = Json.bytes(body);

    assertEquals(Json.write(body), new String(wire, StandardCharsets.UTF_8));
    assertEquals("Café prices — «2026» ✓", Json.parseOrNull(wire).get("q").asText());
  }

  /**
   * A body the generator flushes more than once (past its 8,000-byte buffer) comes out whole, byte
   * for byte what Jackson writes itself.
   */
  @Test
  void bodiesOfAnySizeAreWrittenWhole() throws Exception {
    for (int chars : new int[] {0, 10, 7_990, 8_000, 8_100, 20_000, 50_000}) {
      ObjectNode body = Json.object().put("text", "é—✓ab".repeat(chars / 5));
      assertArrayEquals(
          Json.MAPPER.writeValueAsBytes(body), Json.bytes(body), chars + " characters");
    }
  }

  /** Single bytes and whole buffers, in any order, come out as they went in. */
  @Test
  void writtenBytesKeepSingleBytesAndBuffersInOrder() {
    Json.WrittenBytes out = new Json.WrittenBytes();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    byte[] block = "0123456789".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 1_000; i++) {
      out.write(i);
      expected.write(i);
      if (i % 97 == 0) {
        out.write(block, 2, 5);
        expected.write(block, 2, 5);
      }
    }
    assertArrayEquals(expected.toByteArray(), out.toByteArray());
  }

  @Test
  void bytesThatAreNotJsonParseToNull() {
    assertNull(Json.parseOrNull("<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)));
    assertNull(Json.parseOrNull(new byte[0]));
    assertNull(Json.parseOrNull((byte[]) null));
  }

  @Test
  void sharedBuffersKeepsTheMapperItWasGiven() {
    ObjectMapper mapper = new ObjectMapper();
    assertSame(mapper, Json.sharedBuffers(mapper));
  }
}
