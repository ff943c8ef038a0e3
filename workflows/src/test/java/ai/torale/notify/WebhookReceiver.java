package ai.torale.notify;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A local webhook receiver on 127.0.0.1: records every request and answers scripted status codes
 * (then 200).
 */
final class WebhookReceiver implements AutoCloseable {
  record Received(String method, String path, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final int port;
  private final List<Received> received = new ArrayList<>();
  private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
  private HttpServer server;

  private WebhookReceiver(int port) {
    this.port = port;
  }

  /** A receiver that is down: its port is chosen but nothing listens until {@link #start()}. */
  static WebhookReceiver down() {
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return new WebhookReceiver(probe.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WebhookReceiver up() {
    WebhookReceiver receiver = down();
    receiver.start();
    return receiver;
  }

  synchronized void start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          synchronized (this) {
            received.add(
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(),
                    body));
          }
          Integer status = script.poll();
          exchange.sendResponseHeaders(status == null ? 200 : status, -1);
          exchange.close();
        });
    server.start();
  }

  /** The next requests are answered with these codes, in order. */
  WebhookReceiver answering(Integer... statuses) {
    script.addAll(List.of(statuses));
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
