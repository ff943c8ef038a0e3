package ai.torale.emails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.support.Api;
import ai.torale.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * The verification endpoints without SMTP: the account address is verified; sending says email is
 * off.
 */
class EmailVerificationApiTest extends AppTest {

  @Test
  void withoutSmtpTheAccountAddressIsTheOnlyVerifiedOne() {
    String key = newUser();
    String own = api.get("/api/v1/auth/me", key).field("email");
    Api.Reply verified = api.get("/api/v1/email-verification/verified-emails", key);
    assertEquals(200, verified.status());
    assertEquals(1, verified.json().size());
    assertEquals(own, verified.json().get(0).asText());
    assertEquals(
        "Email already verified",
        api.post("/api/v1/email-verification/send", key, "{\"email\":\"" + own + "\"}")
            .field("message"));
    Api.Reply send =
        api.post("/api/v1/email-verification/send", key, "{\"email\":\"other@example.com\"}");
    assertEquals(503, send.status());
    assertTrue(send.field("detail").contains("not configured"));
    Api.Reply wrong =
        api.post(
            "/api/v1/email-verification/verify",
            key,
            "{\"email\":\"other@example.com\",\"code\":\"123456\"}");
    assertEquals(400, wrong.status());
    assertEquals("Invalid or expired code", wrong.field("detail"));
    assertEquals(
        422, api.post("/api/v1/email-verification/send", key, "{\"email\":\"nope\"}").status());
    assertEquals(401, api.get("/api/v1/email-verification/verified-emails", null).status());
  }
}
