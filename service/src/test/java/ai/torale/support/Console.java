package ai.torale.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * What the service writes to its console (System.out, where config.yml's appender writes through
 * the service's own layout), kept while open instead of shown: the log exactly as an operator would
 * read it.
 */
public final class Console implements AutoCloseable {
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final PrintStream original = System.out;

  private Console() {
    System.setOut(
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                synchronized (kept) {
                  kept.write(b);
                }
              }

              @Override
              public void write(byte[] bytes, int offset, int length) {
                synchronized (kept) {
                  kept.write(bytes, offset, length);
                }
              }
            },
            true,
            StandardCharsets.UTF_8));
  }

  public static Console capture() {
    return new Console();
  }

  public String text() {
    synchronized (kept) {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Logging is asynchronous and in order: once a marker logged now is written, so is all that came
   * before.
   */
  public String flushed() throws InterruptedException {
    String marker = "flush-" + UUID.randomUUID();
    LoggerFactory.getLogger(Console.class).warn(marker);
    for (int i = 0; i < 100 && !text().contains(marker); i++) {
      Thread.sleep(50);
    }
    return text();
  }

  @Override
  public void close() {
    System.setOut(original);
  }
}
