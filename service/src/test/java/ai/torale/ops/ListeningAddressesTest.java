package ai.torale.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.torale.support.TestDatabase;
import ai.torale.support.ToraleApp;
import io.dropwizard.testing.ConfigOverride;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unauthenticated doors (the admin port, the embedded Temporal port) answer only on loopback
 * unless a setting opens them: probed from this host's own network address, as another machine on
 * the network would reach them.
 */
class ListeningAddressesTest {
  private static InetAddress network;

  @BeforeAll
  static void networkAddress() throws SocketException {
    network =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .filter(ListeningAddressesTest::up)
            .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
            .filter(
                a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
            .findFirst()
            .orElse(null);
    assumeTrue(network != null, "this host has no network address to probe from");
  }

  @Test
  void byDefaultOnlyLoopbackReachesTheAdminPortAndTheEmbeddedTemporalServer() {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app = ToraleApp.start(database)) {
      assertTrue(reachable(network, app.apiPort()), "the API answers on " + network);
      assertTrue(reachable(InetAddress.getLoopbackAddress(), app.adminPort()));
      assertFalse(reachable(network, app.adminPort()), "the admin port answers on " + network);
      assertTrue(reachable(InetAddress.getLoopbackAddress(), app.temporalPort));
      assertFalse(reachable(network, app.temporalPort), "Temporal answers on " + network);
    }
  }

  @Test
  void settingsExposeThem() {
    try (TestDatabase database = TestDatabase.create();
        ToraleApp app =
            ToraleApp.start(
                database,
                ConfigOverride.config("temporal.embeddedBindAddress", "0.0.0.0"),
                ConfigOverride.config("server.adminConnectors[0].bindHost", "0.0.0.0"))) {
      assertTrue(
          reachable(network, app.adminPort()), "the admin port does not answer on " + network);
      assertTrue(reachable(network, app.temporalPort), "Temporal does not answer on " + network);
    }
  }

  private static boolean reachable(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static boolean up(NetworkInterface face) {
    try {
      return face.isUp();
    } catch (SocketException e) {
      return false;
    }
  }
}
