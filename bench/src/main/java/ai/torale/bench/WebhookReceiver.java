package ai.torale.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint on 127.0.0.1 that turns away the first attempt of one delivery in {@code
 * failEvery} (by its {@code X-Torale-Delivery} id) with a 503 and takes every other attempt. It
 * keeps only the ids it is waiting to see again, so its memory stays flat however long it runs.
 */
final class WebhookReceiver implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newFixedThreadPool(
          4, Thread.ofPlatform().name("webhook-receiver").daemon().factory());
  private final int failEvery;
  private final Set<String> turnedAway = ConcurrentHashMap.newKeySet();
  private final AtomicInteger delivered = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  WebhookReceiver(int failEvery) throws IOException {
    this.failEvery = failEvery;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Attempts answered 2xx. */
  int delivered() {
    return delivered.get();
  }

  /** First attempts turned away. */
  int refused() {
    return refused.get();
  }

  /** Deliveries turned away once and not yet tried again. */
  int awaitingRetry() {
    return turnedAway.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String id = exchange.getRequestHeaders().getFirst("X-Torale-Delivery");
      boolean refuse =
          id != null
              && failEvery > 0
              && Math.floorMod(id.hashCode(), failEvery) == 0
              && turnedAway.add(id);
      if (refuse) {
        refused.incrementAndGet();
      } else {
        if (id != null) {
          turnedAway.remove(id);
        }
        delivered.incrementAndGet();
      }
      exchange.sendResponseHeaders(refuse ? 503 : 204, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
