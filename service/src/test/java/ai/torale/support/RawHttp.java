package ai.torale.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 on a bare socket, for what a well-behaved client cannot send: bodies shorter than their
 * Content-Length, broken chunking, wrong encodings, bodies of any size. The request is written on
 * its own thread while the response is read, because the server may answer (and stop reading)
 * before the body is all sent.
 */
public final class RawHttp {
  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /**
   * Writes a request's body; the socket is half-closed after it, as by a client that sent all it
   * had.
   */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  public record Reply(int status, Map<String, String> headers, String body) {
    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line) and {@code body}; reads
   * the answer.
   */
  public Reply exchange(String head, Body body) throws IOException, InterruptedException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(60_000);
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                  body.writeTo(out);
                  out.flush();
                  socket.shutdownOutput();
                } catch (IOException stoppedReading) {
                  // The server answered early and closed: what it answered is what the test reads.
                }
              },
              "raw-http-writer");
      writer.setDaemon(true);
      writer.start();
      Reply reply = read(socket.getInputStream());
      writer.join(60_000);
      return reply;
    }
  }

  private static Reply read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("the connection closed without an answer");
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headers.containsKey("Content-Length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("Content-Length"))));
    } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", ""))) {
      for (int size = Integer.parseInt(line(in).trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
    } else {
      body.write(in.readAllBytes());
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    return new Reply(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return line.length() == 0 ? null : line.toString();
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  /**
   * The usual head of a POST to {@code path} with the key, plus {@code headers} ("Name: value"
   * lines).
   */
  public static String post(String path, String key, String... headers) {
    StringBuilder head =
        new StringBuilder(
            "POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer "
                + key
                + "\r\nConnection: close");
    for (String header : headers) {
      head.append("\r\n").append(header);
    }
    return head.toString();
  }
}
