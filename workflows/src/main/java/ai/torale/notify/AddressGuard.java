package ai.torale.notify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSRF guard: a webhook host is resolved at delivery and refused when any of its addresses is
 * one a server should never be made to call (loopback, private, link-local, CGNAT, multicast,
 * unspecified, reserved, cloud metadata). Every address counts, not just the first, because the
 * HTTP client may pick any of them.
 *
 * <p>DNS rebinding: {@code java.net.http} cannot be handed a pre-resolved address on JDK 17 (no
 * resolver hook, and connecting to the IP would break TLS host checks). The JDK's own address cache
 * closes the gap instead: {@link InetAddress} keeps a positive answer for {@code
 * networkaddress.cache.ttl} (30 s when unset), so the client's lookup a moment later gets the very
 * addresses checked here, not a fresh answer from a rebinding server. An operator who sets that TTL
 * to 0 reopens the window; don't.
 */
public final class AddressGuard {
  private static final Logger log = LoggerFactory.getLogger(AddressGuard.class);

  /** One refused range and the word the user sees for it. */
  private record Range(byte[] prefix, int bits, String kind) {
    static Range of(String cidr, String kind) {
      String[] parts = cidr.split("/");
      try {
        return new Range(
            InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), kind);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(cidr, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      if (!Arrays.equals(address, 0, full, prefix, 0, full)) {
        return false;
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[full] & mask) == (prefix[full] & mask);
    }
  }

  private static final List<Range> REFUSED =
      List.of(
          Range.of("0.0.0.0/8", "unspecified"),
          Range.of("10.0.0.0/8", "private"),
          Range.of("100.64.0.0/10", "shared (CGNAT)"),
          Range.of("127.0.0.0/8", "loopback"),
          Range.of("169.254.0.0/16", "link-local"),
          Range.of("172.16.0.0/12", "private"),
          Range.of("192.0.0.0/24", "reserved"),
          Range.of("192.168.0.0/16", "private"),
          Range.of("198.18.0.0/15", "reserved"),
          Range.of("224.0.0.0/4", "multicast"),
          Range.of("240.0.0.0/4", "reserved"),
          // Azure's metadata and wire server sits on a public address.
          Range.of("168.63.129.16/32", "cloud metadata"),
          Range.of("::/128", "unspecified"),
          Range.of("::1/128", "loopback"),
          // IPv4-compatible addresses (::a.b.c.d) are deprecated; nothing legitimate uses them.
          Range.of("::/96", "reserved"),
          // NAT64 for local use (RFC 8215): translates to whatever IPv4 network the operator's
          // NAT64 serves.
          Range.of("64:ff9b:1::/48", "reserved"),
          Range.of("fc00::/7", "private"),
          Range.of("fe80::/10", "link-local"),
          Range.of("fec0::/10", "link-local"),
          Range.of("ff00::/8", "multicast"));

  private final boolean allowPrivate;

  public AddressGuard(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
    if (!allowPrivate && "0".equals(Security.getProperty("networkaddress.cache.ttl"))) {
      log.warn(
          "networkaddress.cache.ttl is 0: webhook hosts are checked, but DNS rebinding can slip past the check");
    }
  }

  /** The host's addresses, all of them allowed. */
  public List<InetAddress> resolve(String host)
      throws UnknownHostException, RefusedAddressException {
    if (!allowPrivate && host.indexOf('%') >= 0) {
      throw new RefusedAddressException("the webhook host names a network interface (zone id)");
    }
    List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        Optional<String> kind = forbiddenKind(address);
        if (kind.isPresent()) {
          throw new RefusedAddressException(
              "the webhook host resolves to a " + kind.get() + " address");
        }
      }
    }
    return addresses;
  }

  /**
   * Refuses a URL host that is an IP literal a server must not call, before any lookup: a zone id
   * ({@code [fe80::1%25lo]}) names one of the server's own interfaces, and a bracketed literal that
   * does not parse is not an address anyone may call. Host names are left to {@link #resolve} at
   * delivery.
   */
  public static void checkLiteral(String host) throws RefusedAddressException {
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    String literal = bracketed ? host.substring(1, host.length() - 1) : host;
    if (!bracketed && !literal.matches("[0-9.]+")) {
      return;
    }
    if (literal.indexOf('%') >= 0) {
      throw new RefusedAddressException("webhook url must not name a network interface (zone id)");
    }
    Optional<String> kind;
    try {
      kind = forbiddenKind(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      throw new RefusedAddressException("webhook url has an invalid IP address");
    }
    if (kind.isPresent()) {
      throw new RefusedAddressException(
          "webhook url must not point to a " + kind.get() + " address");
    }
  }

  /** Why this address may not be called, or empty when it may. */
  public static Optional<String> forbiddenKind(InetAddress address) {
    byte[] bytes = address.getAddress();
    Optional<byte[]> embedded = embeddedIpv4(address);
    if (embedded.isPresent()) {
      bytes = embedded.get();
    }
    for (Range range : REFUSED) {
      if (range.contains(bytes)) {
        return Optional.of(range.kind());
      }
    }
    return Optional.empty();
  }

  /**
   * The IPv4 address inside an IPv6 one that routes to it: IPv4-mapped (::ffff:a.b.c.d, which the
   * JDK mostly turns into {@link java.net.Inet4Address} already), IPv4-translated
   * (::ffff:0:a.b.c.d, SIIT), NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo's client
   * (2001::/32, the last 32 bits inverted).
   */
  private static Optional<byte[]> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    boolean mapped = allZero(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    boolean translated =
        allZero(b, 0, 8) && b[8] == (byte) 0xff && b[9] == (byte) 0xff && allZero(b, 10, 12);
    boolean nat64 =
        b[0] == 0
            && b[1] == 0x64
            && b[2] == (byte) 0xff
            && b[3] == (byte) 0x9b
            && allZero(b, 4, 12);
    if (mapped || translated || nat64) {
      return Optional.of(Arrays.copyOfRange(b, 12, 16));
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return Optional.of(Arrays.copyOfRange(b, 2, 6));
    }
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
      byte[] client = Arrays.copyOfRange(b, 12, 16);
      for (int i = 0; i < client.length; i++) {
        client[i] = (byte) ~client[i];
      }
      return Optional.of(client);
    }
    return Optional.empty();
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
