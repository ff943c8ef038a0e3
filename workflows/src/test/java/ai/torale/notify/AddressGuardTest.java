package ai.torale.notify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
  final AddressGuard strict = new AddressGuard(false);

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "10.1.2.3, private",
    "172.16.5.4, private",
    "192.168.1.1, private",
    "169.254.169.254, link-local",
    "100.64.0.1, shared (CGNAT)",
    "0.0.0.0, unspecified",
    "224.0.0.1, multicast",
    "168.63.129.16, cloud metadata",
    "::1, loopback",
    "::, unspecified",
    "fd00:ec2::254, private",
    "fe80::1, link-local",
    "ff02::1, multicast",
    "::ffff:127.0.0.1, loopback",
    "64:ff9b::a00:1, private",
    "2002:7f00:1::, loopback",
    "::127.0.0.1, reserved",
    "::ffff:0:7f00:1, loopback",
    "::ffff:0:a00:1, private",
    "64:ff9b:1::a00:1, reserved",
    "2001:0:4136:e378:8000:63bf:80ff:fffe, loopback",
  })
  void refusesAddressesAServerMustNotCall(String address, String kind) throws Exception {
    RefusedAddressException e =
        assertThrows(RefusedAddressException.class, () -> strict.resolve(address));
    assertEquals("the webhook host resolves to a " + kind + " address", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"fe80::1%lo", "[fe80::1%25lo]", "2606:4700:4700::1111%1"})
  void refusesZoneIds(String host) {
    RefusedAddressException e =
        assertThrows(RefusedAddressException.class, () -> strict.resolve(host));
    assertEquals("the webhook host names a network interface (zone id)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "LOCALHOST"})
  void refusesNamesThatResolveToLoopback(String host) {
    assertThrows(RefusedAddressException.class, () -> strict.resolve(host));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1", "100.128.0.1"})
  void allowsPublicAddresses(String address) throws Exception {
    assertTrue(AddressGuard.forbiddenKind(InetAddress.getByName(address)).isEmpty());
    assertDoesNotThrow(() -> strict.resolve(address));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "localhost", "::1"})
  void allowPrivateLetsLocalReceiversThrough(String host) {
    assertDoesNotThrow(() -> new AddressGuard(true).resolve(host));
  }
}
