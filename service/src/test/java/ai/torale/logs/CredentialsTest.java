package ai.torale.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  private static final String KEY = "sk_" + "aB3-_".repeat(8) + "xyz";
  private static final String WEBHOOK_SECRET = "whsec_" + "Q9z_-".repeat(8) + "abc";

  @Test
  void masksEveryKindOfCredential() {
    assertEquals("Authorization: Bearer ***", Credentials.mask("Authorization: Bearer " + KEY));
    assertEquals(
        "authorization=[bearer ***]", Credentials.mask("authorization=[bearer abc.def-ghi_jkl]"));
    assertEquals("key sk_*** revoked", Credentials.mask("key " + KEY + " revoked"));
    assertEquals("%20sk_***", Credentials.mask("%20" + KEY));
    assertEquals(
        "sk-*** from openai", Credentials.mask("sk-proj-abcdefghijklmnopqrstuvwxyz from openai"));
    assertEquals("signed with whsec_***", Credentials.mask("signed with " + WEBHOOK_SECRET));
    assertEquals(
        "GET /v1beta?key=*** HTTP/1.1",
        Credentials.mask("GET /v1beta?key=AIzaSyA1234567890abcdefghijklmnopqrstu HTTP/1.1"));
    assertEquals(
        "x-goog-api-key: ***",
        Credentials.mask("x-goog-api-key: AIzaSyA1234567890abcdefghijklmnopqrstu"));
    assertEquals(
        "{\"url\":\"https://x.com\",\"secret\":\"***\"}",
        Credentials.mask("{\"url\":\"https://x.com\",\"secret\":\"my own secret-value\"}"));
    assertEquals(
        "smtpPassword=***, smtpHost=mail", Credentials.mask("smtpPassword=hunter2, smtpHost=mail"));
    assertEquals(
        "jdbc:postgresql://torale:***@db:5432/torale",
        Credentials.mask("jdbc:postgresql://torale:hunter2@db:5432/torale"));
    String feedToken = "ft_" + "Ab3-_".repeat(8) + "xyz";
    assertEquals(
        "\"GET /api/v1/tasks/3f0c/feed.atom?token=*** HTTP/1.1\" 200",
        Credentials.mask(
            "\"GET /api/v1/tasks/3f0c/feed.atom?token=" + feedToken + " HTTP/1.1\" 200"));
    assertEquals("{\"token\":\"***\"}", Credentials.mask("{\"token\":\"" + feedToken + "\"}"));
    assertEquals("feed ft_*** rotated", Credentials.mask("feed " + feedToken + " rotated"));
  }

  @Test
  void keepsJsonLinesValid() {
    assertEquals(
        "{\"message\":\"body {\\\"secret\\\":\\\"***\\\\n\\\"}\"}",
        Credentials.mask("{\"message\":\"body {\\\"secret\\\":\\\"s3cr3t\\\\n\\\"}\"}"));
  }

  @Test
  void leavesOrdinaryLinesAlone() {
    for (String line :
        new String[] {
          "Worker polling task queue torale-monitor",
          "duplicate key value violates task_executions_pkey",
          "GET /api/v1/tasks/3f0c?limit=20 HTTP/1.1",
          "Missing Bearer token",
          "monkey: 12",
          "tasks_sk_index"
        }) {
      assertEquals(line, Credentials.mask(line));
    }
  }

  @Test
  void aLongLineTakesLinearTime() {
    String blob = "a1_".repeat(400_000) + " secret=x";
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> assertEquals(blob.replace("=x", "=***"), Credentials.mask(blob)));
  }
}
