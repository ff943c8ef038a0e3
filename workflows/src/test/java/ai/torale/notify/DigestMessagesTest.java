package ai.torale.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.notify.chat.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a digest says on each kind of channel. */
class DigestMessagesTest {
  static final NotificationChannel EMAIL = NotificationChannel.email("me@example.com");

  static Delivery digestOf(List<Delivery> items) {
    return Delivery.digest(UUID.randomUUID(), Deliveries.USER, Deliveries.COMPLETED, EMAIL, items);
  }

  static Delivery finding(Delivery.About task, String news) {
    return Delivery.conditionMet(
        task, UUID.randomUUID(), news, news, List.of(), Deliveries.COMPLETED, null, EMAIL);
  }

  @Test
  void anEmailDigestHasASectionPerTask() {
    Delivery.About other =
        new Delivery.About(UUID.randomUUID(), Deliveries.USER, "GPU prices", "Price?", "Under 500");
    Delivery digest =
        digestOf(
            List.of(
                finding(Deliveries.ABOUT, "First news"),
                finding(other, "Cheaper GPUs"),
                finding(Deliveries.ABOUT, "Second news")));
    EmailMessage mail = new EmailComposer(null).compose(digest);
    assertEquals("[Torale] Torale digest: 3 updates from 2 tasks", mail.subject());
    String text = mail.text();
    int iphone = text.indexOf("== iPhone 17 release ==");
    int gpu = text.indexOf("== GPU prices ==");
    assertTrue(iphone >= 0 && gpu > iphone, text);
    assertTrue(text.indexOf("Second news") > iphone && text.indexOf("Second news") < gpu, text);
    assertEquals(2, mail.html().split("<h2>").length - 1, mail.html());
  }

  @Test
  void aChatDigestListsFindingsAndSaysHowManyMoreItLeftOut() {
    List<Delivery> many = new ArrayList<>();
    IntStream.range(0, 40).forEach(i -> many.add(finding(Deliveries.ABOUT, "x".repeat(200) + i)));
    ChatMessage message = ChatMessage.of(digestOf(many), null);
    assertTrue(message.text().length() <= 2_500, "within every platform's limit");
    assertTrue(message.text().startsWith("• iPhone 17 release: condition met — "), message.text());
    String last = message.text().substring(message.text().lastIndexOf('\n') + 1);
    assertTrue(last.matches("…and \\d+ more"), last);
    int shown = message.text().split("\n").length - 1;
    assertEquals("…and " + (40 - shown) + " more", last);
  }

  @Test
  void aChatDigestInAMultiByteScriptStaysWithinNtfysByteLimit() {
    List<Delivery> many = new ArrayList<>();
    IntStream.range(0, 40).forEach(i -> many.add(finding(Deliveries.ABOUT, "新闻".repeat(100) + i)));
    String text = ChatMessage.of(digestOf(many), null).text();
    assertTrue(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 2_500, text);
    assertTrue(text.substring(text.lastIndexOf('\n') + 1).matches("…and \\d+ more"), text);
  }

  @Test
  void aWebhookDigestCarriesEachEventWithItsOwnId() throws Exception {
    Delivery one = finding(Deliveries.ABOUT, "First news");
    Delivery digest = digestOf(List.of(one));
    JsonNode json =
        new ObjectMapper().readTree(WebhookEvent.of(digest, digest.key().id()).toJson());
    assertEquals("digest", json.get("event_type").asText());
    assertEquals(digest.key().id().toString(), json.get("id").asText());
    assertEquals(one.key().id().toString(), json.at("/data/items/0/id").asText());
    assertEquals("task.condition_met", json.at("/data/items/0/event_type").asText());
    assertEquals("First news", json.at("/data/items/0/data/execution/notification").asText());
  }
}
