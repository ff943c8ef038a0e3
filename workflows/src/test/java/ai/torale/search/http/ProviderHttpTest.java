package ai.torale.search.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.search.MockServer;
import ai.torale.search.MockServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderHttpTest {
  private final MockServer server = new MockServer();

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * The client's own work on a reply runs on virtual threads: its default pool of platform threads
   * started and ended threads with every burst of checks.
   */
  @Test
  void theProvidersClientReadsItsRepliesOnVirtualThreads() throws Exception {
    server.always("/v1/answer", new Reply(200, "{\"ok\":true}", Map.of(), 0));
    HttpClient client = ProviderHttp.defaultClient();
    AtomicBoolean onVirtualThread = new AtomicBoolean();
    HttpResponse<String> reply =
        client.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/v1/answer"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            info -> {
              onVirtualThread.set(Thread.currentThread().isVirtual());
              return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
            });
    assertEquals("{\"ok\":true}", reply.body());
    assertTrue(onVirtualThread.get(), "the reply was read on a platform thread");
    assertTrue(client.executor().isPresent());
  }
}
