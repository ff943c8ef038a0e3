package ai.torale.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of a service process that was killed (SIGKILL, OOM killer, a crashed
 * JVM): its server outlives it, holds the data directory's lock, and a restarted service could not
 * start its own. The server is found from the data directory's {@code postmaster.pid} and asked to
 * shut down. The embedding library holds a file lock ({@code epg-lock}) in the data directory for
 * as long as its process lives: while someone holds it, the server belongs to a service that is
 * running, is left alone, and this start fails with a message that says so.
 */
final class OrphanedServer {
  private static final Logger log = LoggerFactory.getLogger(OrphanedServer.class);
  private static final String LOCK_FILE = "epg-lock";

  /**
   * A smart shutdown waits for sessions; the dead process's sessions end as soon as their sockets
   * close.
   */
  private static final Duration SHUTDOWN = Duration.ofSeconds(30);

  private OrphanedServer() {}

  static void stopIfRunning(Path dataDir) throws IOException {
    Optional<ProcessHandle> server = find(dataDir);
    if (server.isEmpty()) {
      return;
    }
    ProcessHandle postmaster = server.get();
    if (ownerIsRunning(dataDir)) {
      throw new IOException(
          "The embedded PostgreSQL in "
              + dataDir
              + " (pid "
              + postmaster.pid()
              + ") belongs to"
              + " a service that is still running; stop that one first, or give this one another TORALE_DATA_DIR");
    }
    log.warn(
        "A PostgreSQL server (pid {}) from an earlier run still holds {}; shutting it down first",
        postmaster.pid(),
        dataDir);
    postmaster.destroy();
    try {
      postmaster.onExit().get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // Fsync is on: a server stopped hard recovers from its write-ahead log on the next start.
      log.warn(
          "PostgreSQL (pid {}) did not shut down within {} s; stopping it hard",
          postmaster.pid(),
          SHUTDOWN.toSeconds());
      postmaster.destroyForcibly();
      postmaster.onExit().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(
          "Interrupted while waiting for PostgreSQL (pid " + postmaster.pid() + ") to stop", e);
    } catch (ExecutionException e) {
      throw new IOException(
          "Could not wait for PostgreSQL (pid " + postmaster.pid() + ") to stop", e);
    }
  }

  /**
   * Whether a live process (this one included) holds the embedding library's lock on the data
   * directory.
   */
  private static boolean ownerIsRunning(Path dataDir) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    }
  }

  /**
   * The live postmaster named by the lock file, when it is a postgres whose arguments name this
   * directory; a stale lock file (its process gone, or the pid reused by another program) names
   * none, and PostgreSQL removes it.
   */
  static Optional<ProcessHandle> find(Path dataDir) throws IOException {
    List<String> lock;
    try {
      lock = Files.readAllLines(dataDir.resolve("postmaster.pid"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (lock.isEmpty()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lock.get(0).strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> servesDirectory(p.info(), dataDir));
  }

  private static boolean servesDirectory(ProcessHandle.Info info, Path dataDir) {
    boolean postgres =
        info.command()
            .map(c -> Path.of(c).getFileName().toString())
            .map(name -> name.equals("postgres") || name.equals("postgres.exe"))
            .orElse(false);
    return postgres
        && info.arguments().map(List::of).orElse(List.of()).contains(dataDir.toString());
  }
}
