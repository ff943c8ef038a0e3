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
import java.util.concurrent.TimeUnit;

/**
 * The Temporal test server in this JVM, in real time. One set of services answers on two doors: an
 * in-process channel for this process's own client and worker (no sockets, no protobuf round trip:
 * the bench measured the gRPC/Netty path as the larger part of a check's CPU here), and a TCP port
 * for everyone else (a second worker, the temporal CLI). {@code TestServer.createPortBoundServer}
 * offers only the port, on every interface; the port has no authentication and serves every
 * monitor's history, so it listens where it is told (loopback by default).
 */
final class EmbeddedTemporal implements AutoCloseable {
  private final TestServicesStarter services;
  private final InProcessGRPCServer inProcess;
  private final Server port;

  private EmbeddedTemporal(
      TestServicesStarter services, InProcessGRPCServer inProcess, Server port) {
    this.services = services;
    this.inProcess = inProcess;
    this.port = port;
  }

  static EmbeddedTemporal start(String host, int portNumber) {
    // lockTimeSkipping=true, initial time 0 (= now): the server keeps real time, as a production
    // cluster does.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    TimerLockLog.discard(services);
    InProcessGRPCServer inProcess = new InProcessGRPCServer(services.getServices());
    ServerBuilder<?> builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(host, portNumber), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      return new EmbeddedTemporal(services, inProcess, builder.build().start());
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
    port.shutdown();
    inProcess.shutdown();
    services.close();
    port.awaitTermination(5, TimeUnit.SECONDS);
    inProcess.awaitTermination(5, TimeUnit.SECONDS);
  }
}
