package ai.torale.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.auth.Accounts;
import ai.torale.auth.ApiKeys;
import ai.torale.auth.User;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FirstAdminBannerTest {

  @Test
  void theBannerShowsTheKeyAndAFirstCurl() {
    String key = ApiKeys.generate();
    String banner =
        ToraleApplication.firstAdminBanner(
            new Accounts.IssuedUser(
                new User(UUID.randomUUID(), "admin@localhost", true, Instant.now()), key));
    assertTrue(banner.contains("admin@localhost"));
    assertTrue(banner.contains("    " + key + "\n"));
    assertTrue(
        banner.contains(
            "curl -H 'Authorization: Bearer " + key + "' http://localhost:8080/api/v1/tasks"));
  }
}
