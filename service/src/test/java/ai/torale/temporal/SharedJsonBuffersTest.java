package ai.torale.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
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
}
