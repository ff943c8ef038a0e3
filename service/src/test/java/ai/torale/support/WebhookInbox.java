package ai.torale.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local webhook receiver that keeps every request and checks Torale's signature itself, from the
 * spec.
 */
public final class WebhookInbox implements AutoCloseable {
  /** One request as it arrived. */
  public record Received(Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    /**
     * {@code t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}, recomputed here byte for byte.
     */
    public boolean signedWith(String secret) {
      String signature = header("X-Torale-Signature");
      if (signature == null || !signature.matches("t=\\d+,v1=[0-9a-f]{64}")) {
        return false;
      }
      String t = signature.substring(2, signature.indexOf(','));
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
            HexFormat.of()
                .formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        return signature.endsWith("v1=" + expected);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  public WebhookInbox() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  Map.copyOf(exchange.getRequestHeaders()),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  public void answer(int status) {
    this.status = status;
  }

  public List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
