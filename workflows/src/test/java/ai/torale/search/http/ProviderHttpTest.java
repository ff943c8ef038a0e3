package ai.torale.search.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.search.MockServer;
import ai.torale.search.MockServer.Reply;
import ai.torale.search.ProviderException;
import ai.torale.search.ProviderFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
   * started and ended threads with every burst of checks. Its executor is asked directly: where the
   * client runs a given step (the body handler, say) is the JDK's choice, and it sometimes runs one
   * inline on its selector thread.
   */
  @Test
  void theProvidersClientRunsItsWorkOnVirtualThreads() throws Exception {
    server.always("/v1/answer", new Reply(200, "{\"ok\":true}", Map.of(), 0));
    HttpClient client = ProviderHttp.defaultClient();
    HttpResponse<String> reply =
        client.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/v1/answer"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals("{\"ok\":true}", reply.body());
    CompletableFuture<Boolean> onVirtualThread = new CompletableFuture<>();
    client
        .executor()
        .orElseThrow()
        .execute(() -> onVirtualThread.complete(Thread.currentThread().isVirtual()));
    assertTrue(
        onVirtualThread.get(5, TimeUnit.SECONDS), "the client's executor runs platform threads");
  }

  /** A base URL that is no address fails each check naming the setting, as a missing one does. */
  @Test
  void aBaseUrlThatIsNoAddressFailsNamingItsSetting() {
    Endpoint endpoint =
        new Endpoint(
            "Gemini",
            "http://bad host",
            "key",
            "m",
            "GEMINI_API_KEY",
            "TORALE_GEMINI_BASE_URL",
            "M");
    ProviderException e =
        assertThrows(ProviderException.class, () -> endpoint.uri("/v1beta/models/m"));
    assertEquals(ProviderFailure.CONFIGURATION, e.failure());
    assertTrue(e.getMessage().startsWith("TORALE_GEMINI_BASE_URL is not a valid URL"));
    assertEquals(
        URI.create("http://localhost:1/v1/chat/completions"),
        new Endpoint("OpenAI", "http://localhost:1/v1/", null, "m", "K", "U", "M")
            .uri("/chat/completions"));
  }
}
