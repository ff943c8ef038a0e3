package ai.torale.temporal;

import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal test server in this JVM, in real time. One set of services answers on two doors: an
 * in-process channel for this process's own client and worker (no sockets, no protobuf round trip:
 * the bench measured the gRPC/Netty path as the larger part of a check's CPU here), and a TCP port
 * for everyone else (a second worker, the temporal CLI). {@code TestServer.createPortBoundServer}
 * offers only the port, on every interface; the port has no authentication and serves every
 * monitor's history, so it listens where it is told (loopback by default).
 *
 * <p>The test server keeps every run it ever held; this one lets go of closed runs a little after
 * they close ({@link ClosedRuns}), so its memory follows the monitors it runs, not the checks they
 * have done.
 */
final class EmbeddedTemporal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporal.class);

  /** How often closed runs are removed. */
  static final Duration PURGE_INTERVAL = Duration.ofSeconds(5);

  /**
   * How long a closed run stays: a client told its run id a moment ago may still ask for it. The
   * API is the one client that does (it reads a run-now's result by run id) and gives up on a
   * run-now after 10 s.
   */
  static final Duration CLOSED_RUN_KEPT = Duration.ofSeconds(10);

  private final TestServicesStarter services;
  private final InProcessGRPCServer inProcess;
  private final Server port;
  private final Optional<ClosedRuns> closedRuns;
  private final ScheduledExecutorService purger =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("embedded-temporal-purge").daemon().factory());

  private EmbeddedTemporal(
      TestServicesStarter services,
      InProcessGRPCServer inProcess,
      Server port,
      Duration purgeInterval) {
    this.services = services;
    this.inProcess = inProcess;
    this.port = port;
    this.closedRuns = ClosedRuns.of(services);
    if (closedRuns.isPresent() && !purgeInterval.isZero() && !purgeInterval.isNegative()) {
      purger.scheduleWithFixedDelay(
          this::purgeQuietly,
          purgeInterval.toMillis(),
          purgeInterval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  static EmbeddedTemporal start(String host, int portNumber) {
    return start(host, portNumber, PURGE_INTERVAL);
  }

  /** A server that removes closed runs every {@code purgeInterval}; zero: only when asked. */
  static EmbeddedTemporal start(String host, int portNumber, Duration purgeInterval) {
    // lockTimeSkipping=true, initial time 0 (= now): the server keeps real time, as a production
    // cluster does.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    TimerLockLog.discard(services);
    TaskQueueOrder.oldestFirst(services);
    InProcessGRPCServer inProcess = new InProcessGRPCServer(services.getServices());
    ServerBuilder<?> builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(host, portNumber), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      return new EmbeddedTemporal(services, inProcess, builder.build().start(), purgeInterval);
    } catch (IOException e) {
      inProcess.shutdownNow();
      services.close();
      throw new UncheckedIOException(
          "The embedded Temporal server cannot listen on " + host + ":" + portNumber, e);
    }
  }

  /** Entries in the timer's lock log: none while {@link TimerLockLog} keeps it empty. */
  int timerLockLogSize() throws ReflectiveOperationException {
    return TimerLockLog.size(services);
  }

  /**
   * Removes the runs that closed more than {@code kept} ago (see {@link ClosedRuns}); returns how
   * many, or -1 when this server's internals cannot be reached.
   */
  int purgeClosedRuns(Duration kept) throws ReflectiveOperationException {
    if (closedRuns.isEmpty()) {
      return -1;
    }
    return closedRuns.get().purge(Instant.now().minus(kept));
  }

  /** What the server holds of closed runs. */
  ClosedRuns.Held closedRunsHeld() throws ReflectiveOperationException {
    return closedRuns.orElseThrow(() -> new NoSuchFieldException("internals differ")).held();
  }

  private void purgeQuietly() {
    try {
      purgeClosedRuns(CLOSED_RUN_KEPT);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Whatever went wrong will again: stop, once, loudly, and leave the server as it ships.
      log.warn(
          "Stopped removing closed workflow runs from the embedded Temporal server ({}); its memory now grows"
              + " with the checks done, so restart the service now and then or use a Temporal cluster",
          e.toString(),
          e);
      purger.shutdown();
    }
  }

  /** Where the port listens. */
  InetSocketAddress address() {
    return (InetSocketAddress) port.getListenSockets().get(0);
  }

  /** The channel this process's client and worker use. */
  ManagedChannel channel() {
    return inProcess.getChannel();
  }

  @Override
  public void close() throws InterruptedException {
    purger.shutdownNow();
    port.shutdown();
    inProcess.shutdown();
    services.close();
    port.awaitTermination(5, TimeUnit.SECONDS);
    inProcess.awaitTermination(5, TimeUnit.SECONDS);
  }
}
