package ai.torale.search.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.torale.search.MockServer;
import ai.torale.search.MockServer.Reply;
import ai.torale.search.http.ProviderHttp;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeadRedirectResolverTest {
  private final MockServer server = new MockServer();
  private final HeadRedirectResolver resolver =
      new HeadRedirectResolver(ProviderHttp.defaultClient(), Duration.ofMillis(500));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void readsTheLocationOfEachRedirectOnceAndSkipsWhatDoesNotResolveInTime() {
    server.always(
        "/r/a", new Reply(302, "", Map.of("Location", "https://example.org/releases/2.1"), 0));
    server.always("/r/b", new Reply(200, "", Map.of(), 0));
    server.always(
        "/r/c", new Reply(302, "", Map.of("Location", "https://slow.example.com/"), 2_000));
    server.always("/r/d", new Reply(302, "", Map.of("Location", "javascript:alert(1)"), 0));
    List<String> links =
        List.of(
            server.url() + "/r/a",
            server.url() + "/r/b",
            server.url() + "/r/c",
            server.url() + "/r/d");

    assertEquals(
        Map.of(server.url() + "/r/a", "https://example.org/releases/2.1"), resolver.targets(links));
    assertEquals("HEAD", server.last("/r/a").method());

    resolver.targets(List.of(server.url() + "/r/a"));
    assertEquals(1, server.requests("/r/a").size(), "resolved links are cached");
  }

  @Test
  void refusesAClientThatFollowsRedirects() {
    HttpClient following =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    assertThrows(
        IllegalArgumentException.class,
        () -> new HeadRedirectResolver(following, Duration.ofSeconds(1)));
  }
}
