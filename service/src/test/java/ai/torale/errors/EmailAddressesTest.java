package ai.torale.errors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only a plain addr-spec is an address: what a user types is what mail servers are given. */
class EmailAddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c@example.com",
        "first.last+tag@mail.example.co.uk",
        "o'brien@example.org",
        "x_y-z@sub-domain.example.io",
        "ünï@example.com"
      })
  void plainAddressesAreAccepted(String address) {
    assertTrue(EmailAddresses.wellFormed(address), address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<c@example.com>",
        "Eve <eve@example.com>",
        "eve@example.com (Eve)",
        "a<b@example.com",
        "\"a\"@example.com",
        "\"a b\"@example.com",
        "a@[192.0.2.1]",
        "a@example.com\r\nBcc: x@example.com",
        "a\n@example.com",
        "a\u0000b@example.com",
        "a\tb@example.com",
        "a b@example.com",
        "a\u200b@example.com",
        "a\u202e@example.com",
        "a\u00a0b@example.com",
        "a,b@example.com",
        "a;b@example.com",
        "a@b@example.com",
        ".a@example.com",
        "a.@example.com",
        "a..b@example.com",
        "a@example..com",
        "a@localhost",
        "a@example.c",
        "@example.com",
        "a@",
        "nope"
      })
  void anythingElseIsRefused(String address) {
    assertFalse(EmailAddresses.wellFormed(address), address);
  }
}
