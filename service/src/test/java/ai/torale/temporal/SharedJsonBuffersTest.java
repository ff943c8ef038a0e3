package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * The service's JSON on virtual threads takes its buffers from Jackson's shared pool: the API's
 * mapper (requests, the stores' columns) and Temporal's payload converter (every activity's and
 * workflow's payloads). Kept per thread, as Jackson does by default, each new virtual thread
 * allocated its own (docs/performance.md).
 */
class SharedJsonBuffersTest {
  @Test
  void theServiceWiresItsMappersToTheSharedPool() {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app = ToraleApp.start(database)) {
      assertSame(
          JsonRecyclerPools.sharedBoundedPool(),
          app.objectMapper().getFactory()._getRecyclerPool(),
          "the API's mapper");
      assertSame(
          TemporalRuntime.PAYLOADS,
          app.application().temporal().client().getOptions().getDataConverter(),
          "the Temporal client's, and so the worker's, converter");
    }
  }

  @Test
  void thePayloadConverterUsesTheSharedPoolAndTemporalsOwnMapping() {
    assertSame(
        JsonRecyclerPools.sharedBoundedPool(),
        TemporalRuntime.PAYLOAD_JSON.getFactory()._getRecyclerPool());
    DataConverter payloads = TemporalRuntime.PAYLOADS;
    Instant at = Instant.parse("2026-12-03T09:00:00.123Z");
    assertEquals(
        at,
        payloads.fromPayload(payloads.toPayload(at).orElseThrow(), Instant.class, Instant.class));
  }

  /**
   * The SDK's own converter (search attribute values, markers' details) writes on the shared
   * buffers too, and writes what it wrote before: on a new thread, Jackson's per-thread buffers
   * made one date's encoding allocate some 19 KB.
   */
  @Test
  void temporalsStandardConverterWritesOnSharedBuffers() throws Exception {
    OffsetDateTime at = OffsetDateTime.parse("2026-12-03T09:00:00.123Z");
    String ours = TemporalRuntime.PAYLOADS.toPayload(at).orElseThrow().getData().toStringUtf8();
    DataConverter standard = DefaultDataConverter.STANDARD_INSTANCE;
    assertEquals("\"2026-12-03T09:00:00.123Z\"", ours);
    assertEquals(ours, standard.toPayload(at).orElseThrow().getData().toStringUtf8());
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      long[] allocated = new long[1];
      Thread.ofPlatform()
          .start(() -> {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            standard.toPayload(at);
            allocated[0] = threads.getCurrentThreadAllocatedBytes() - before;
          })
          .join();
      least = Math.min(least, allocated[0]);
    }
    assertTrue(least < 8_192, "one encoding on a new thread allocated " + least + " bytes");
  }
}
