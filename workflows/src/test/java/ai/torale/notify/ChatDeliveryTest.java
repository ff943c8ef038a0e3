package ai.torale.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.search.Source;
import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each chat platform against a local server that speaks its API, driving the activity directly. */
class ChatDeliveryTest {
  static final Instant NOW = WebhookDeliveryTest.NOW;

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final InMemoryDeliveryStore store = new InMemoryDeliveryStore();
  final ChatServers servers = new ChatServers();

  @AfterEach
  void stop() {
    servers.close();
  }

  Notifications notifications(boolean allowPrivate) {
    return new Notifications(
        new WebhookSettings(true, allowPrivate),
        new ChatSettings(servers.url("/tg")),
        WebhookDeliveryTest.NO_SMTP,
        "https://torale.example.com/",
        store,
        clock);
  }

  void deliver(Delivery delivery) {
    notifications(true).activities().deliver(delivery);
  }

  ApplicationFailure failure(Delivery delivery) {
    return assertThrows(
        ApplicationFailure.class, () -> notifications(true).activities().deliver(delivery));
  }

  static Delivery met(NotificationChannel channel) {
    return Deliveries.conditionMet(UUID.randomUUID(), channel);
  }

  static Delivery metSaying(String answer, NotificationChannel channel) {
    return Delivery.conditionMet(
        Deliveries.ABOUT,
        UUID.randomUUID(),
        answer,
        answer,
        List.of(new Source("https://www.apple.com/newsroom/", "Apple <Newsroom> & more")),
        Deliveries.COMPLETED,
        null,
        channel);
  }

  NotificationChannel slack(String path) {
    return NotificationChannel.chatUrl("slack", servers.url(path), null);
  }

  NotificationChannel discord(String path) {
    return NotificationChannel.chatUrl("discord", servers.url(path), null);
  }

  NotificationChannel telegram(String chat) {
    return NotificationChannel.telegram(ChatServers.BOT_TOKEN, chat);
  }

  @Test
  void slackGetsBlockKitWithSourcesAsLinksAndATaskButton() {
    deliver(met(slack("/slack/services/T000/B000/XXXX")));

    JsonNode body = servers.last().body();
    assertEquals("application/json; charset=utf-8", servers.last().contentType());
    assertEquals("header", body.at("/blocks/0/type").asText());
    assertEquals("iPhone 17 release: condition met", body.at("/blocks/0/text/text").asText());
    assertTrue(body.at("/blocks/1/text/text").asText().contains("&lt;script&gt;"));
    String sources = body.at("/blocks/2/text/text").asText();
    assertTrue(sources.contains("<https://www.apple.com/newsroom/|Apple Newsroom>"), sources);
    assertTrue(
        sources.contains("<https://example.com/a?b=1&amp;c=2|Example &lt;b&gt;bold&lt;/b&gt;>"),
        sources);
    assertEquals(
        "https://torale.example.com/tasks/" + Deliveries.TASK,
        body.at("/blocks/4/elements/0/url").asText());
    DeliveryAttempt attempt = store.attempts().get(0);
    assertEquals(DeliveryResult.DELIVERED, attempt.result());
    assertEquals(200, attempt.statusCode());
    // The delivery log shows where it went, never the URL that grants posting.
    assertEquals(servers.url("/…"), attempt.target());
  }

  @Test
  void slacksNoServiceFailsForGoodWithSlacksReason() {
    ApplicationFailure failure = failure(met(slack("/slack/gone")));

    assertTrue(failure.isNonRetryable());
    DeliveryAttempt attempt = store.attempts().get(0);
    assertEquals(DeliveryResult.FAILED, attempt.result());
    assertEquals(404, attempt.statusCode());
    assertEquals("the Slack server answered HTTP 404: no_service", attempt.error());
  }

  @Test
  void slacksRetryAfterSetsTheNextAttempt() {
    servers.rateLimitNext("600", 0);

    ApplicationFailure failure = failure(met(slack("/slack/x")));

    assertFalse(failure.isNonRetryable());
    assertEquals(Duration.ofMinutes(10), failure.getNextRetryDelay());
    assertEquals(
        NOW.plus(Duration.ofMinutes(10)),
        store.outstanding(Deliveries.TASK).get(0).nextAttemptAt());
    assertEquals(DeliveryResult.RETRYING, store.attempts().get(0).result());
  }

  @Test
  void aShortRetryAfterNeverRetriesSoonerThanTheSchedule() {
    servers.rateLimitNext("1", 0);

    assertEquals(Duration.ofMinutes(1), failure(met(slack("/slack/x"))).getNextRetryDelay());
  }

  @Test
  void discordGetsOneEmbedWithinItsLimitsAndNoPings() {
    String answer = "@everyone " + "Lorem ipsum dolor sit amet. ".repeat(400);

    deliver(metSaying(answer, discord("/discord/api/webhooks/1/abc")));

    JsonNode body = servers.last().body();
    assertTrue(body.at("/allowed_mentions/parse").isArray());
    assertTrue(body.at("/allowed_mentions/parse").isEmpty());
    JsonNode embed = body.at("/embeds/0");
    assertTrue(embed.path("description").asText().endsWith("…"));
    assertTrue(embed.path("description").asText().length() <= 4096);
    assertEquals(
        "• [Apple <Newsroom\\> & more](https://www.apple.com/newsroom/)",
        embed.at("/fields/0/value").asText());
    assertEquals(204, store.attempts().get(0).statusCode());
  }

  @Test
  void discordsRetryAfterInTheBodyRoundsUp() {
    servers.rateLimitNext("601", 600.5);

    ApplicationFailure failure = failure(met(discord("/discord/x")));

    assertEquals(Duration.ofSeconds(601), failure.getNextRetryDelay());
    assertEquals(
        "the Discord server answered HTTP 429: You are being rate limited.",
        store.attempts().get(0).error());
  }

  @Test
  void discordsUnknownWebhookFails() {
    assertTrue(failure(met(discord("/discord/gone"))).isNonRetryable());
    assertEquals(
        "the Discord server answered HTTP 404: Unknown Webhook", store.attempts().get(0).error());
  }

  @Test
  void teamsGetsAnAdaptiveCard() {
    deliver(met(NotificationChannel.chatUrl("teams", servers.url("/teams/workflows/1"), null)));

    JsonNode card = servers.last().body().at("/attachments/0/content");
    assertEquals("1.4", card.path("version").asText());
    assertEquals("iPhone 17 release: condition met", card.at("/body/0/text").asText());
    assertEquals("Action.OpenUrl", card.at("/actions/0/type").asText());
    assertEquals(202, store.attempts().get(0).statusCode());
  }

  @Test
  void ntfyPublishesJsonWithTitleTagsClickAndToken() {
    deliver(
        met(
            NotificationChannel.chatUrl(
                "ntfy", servers.url("/ntfy/private"), ChatServers.NTFY_TOKEN)));

    ChatServers.Received got = servers.last();
    assertEquals("Bearer " + ChatServers.NTFY_TOKEN, got.authorization());
    assertEquals("private", got.body().path("topic").asText());
    assertEquals("iPhone 17 release: condition met", got.body().path("title").asText());
    assertEquals("bell", got.body().at("/tags/0").asText());
    assertEquals(
        "https://torale.example.com/tasks/" + Deliveries.TASK, got.body().path("click").asText());
    assertTrue(
        got.body()
            .path("message")
            .asText()
            .contains("- Apple Newsroom: https://www.apple.com/newsroom/"));
    assertEquals(DeliveryResult.DELIVERED, store.attempts().get(0).result());
  }

  @Test
  void ntfyCutsALongMessageToFourKilobytesOfUtf8() {
    deliver(
        metSaying(
            "Überwachung ✓ ".repeat(1000),
            NotificationChannel.chatUrl("ntfy", servers.url("/ntfy/t"), null)));

    String message = servers.last().body().path("message").asText();
    assertTrue(message.getBytes(StandardCharsets.UTF_8).length <= 4096);
    assertTrue(message.contains("…"));
  }

  @Test
  void ntfyWithoutTheTokenIsForbiddenForGood() {
    assertTrue(
        failure(met(NotificationChannel.chatUrl("ntfy", servers.url("/ntfy/private"), null)))
            .isNonRetryable());
    assertEquals("the ntfy server answered HTTP 403: forbidden", store.attempts().get(0).error());
  }

  @Test
  void telegramSendsHtmlTheBotApiParses() {
    deliver(met(telegram("-1001234567890")));

    ChatServers.Received got = servers.last();
    assertEquals("/tg/bot" + ChatServers.BOT_TOKEN + "/sendMessage", got.path());
    assertEquals("-1001234567890", got.body().path("chat_id").asText());
    assertEquals("HTML", got.body().path("parse_mode").asText());
    String text = got.body().path("text").asText();
    assertTrue(text.startsWith("<b>iPhone 17 release: condition met</b>"), text);
    assertTrue(text.contains("&lt;script&gt;x()&lt;/script&gt;"), text);
    assertTrue(
        text.contains(
            "<a href=\"https://example.com/a?b=1&amp;c=2\">Example &lt;b&gt;bold&lt;/b&gt;</a>"),
        text);
    DeliveryAttempt attempt = store.attempts().get(0);
    assertEquals(DeliveryResult.DELIVERED, attempt.result());
    assertEquals("telegram:-1001234567890", attempt.target());
  }

  @Test
  void telegramCutsLongTextWithoutBreakingAnEntity() {
    deliver(metSaying("a&b<c> ".repeat(2000), telegram("42")));

    String text = servers.last().body().path("text").asText();
    assertTrue(ChatServers.telegramHtmlValid(text));
    assertTrue(text.length() <= 4096);
    assertEquals(DeliveryResult.DELIVERED, store.attempts().get(0).result());
  }

  @Test
  void telegramsRetryAfterParameterIsHonoured() {
    servers.rateLimitNext("", 7200);

    ApplicationFailure failure = failure(met(telegram("42")));

    assertEquals(Duration.ofHours(2), failure.getNextRetryDelay());
    assertEquals(429, store.attempts().get(0).statusCode());
    assertEquals(
        "the Telegram server answered HTTP 429: Too Many Requests: retry after 7200",
        store.attempts().get(0).error());
  }

  @Test
  void telegramsChatNotFoundAndABadTokenFailForGood() {
    assertTrue(failure(met(telegram(ChatServers.MISSING_CHAT))).isNonRetryable());
    assertEquals(
        "the Telegram server answered HTTP 400: Bad Request: chat not found",
        store.attempts().get(0).error());

    NotificationChannel wrongBot =
        NotificationChannel.telegram("987654321:AAWrongBotToken_0123456789abcdefghij", "42");
    assertTrue(failure(met(wrongBot)).isNonRetryable());
    String error = store.attempts().get(1).error();
    assertEquals("the Telegram server answered HTTP 401: Unauthorized", error);
  }

  @Test
  void credentialsComeFromStorageNotFromTheWorkflowsCopy() {
    NotificationChannel stored = slack("/slack/services/T/B/secret");
    store.taskChannels(Deliveries.TASK, List.of(stored));
    NotificationChannel carried = stored.withoutSecret();
    assertFalse(carried.url().contains("secret"));

    deliver(met(carried));

    assertEquals("/slack/services/T/B/secret", servers.last().path());
  }

  @Test
  void aChannelTheTaskNoLongerHasIsRefused() {
    NotificationChannel carried = telegram("42").withoutSecret();
    assertNull(carried.botToken());

    assertTrue(failure(met(carried)).isNonRetryable());
    assertEquals(DeliveryResult.REFUSED, store.attempts().get(0).result());
    assertTrue(servers.received().isEmpty());
  }

  @Test
  void theGuardRefusesAPrivateChatUrlBeforeSending() {
    Delivery delivery = met(slack("/slack/x"));
    assertThrows(
        ApplicationFailure.class, () -> notifications(false).activities().deliver(delivery));

    assertEquals(DeliveryResult.REFUSED, store.attempts().get(0).result());
    assertTrue(servers.received().isEmpty());
  }

  @Test
  void theTesterSendsATestMessageOnAnyChatChannel() throws Exception {
    ChannelTester tester = notifications(true).channelTester();

    WebhookTester.Result result = tester.test(telegram("42"));

    assertTrue(result.success(), result.message());
    assertTrue(servers.last().body().path("text").asText().contains("Torale test message"));
    WebhookTester.Result slack = tester.test(slack("/slack/gone"));
    assertFalse(slack.success());
    assertEquals("The Slack server answered HTTP 404: no_service", slack.message());
  }

  @Test
  void theTesterRefusesAPrivateTargetWithOneMessage() {
    ChannelTester tester = notifications(false).channelTester();

    InvalidNotificationException e =
        assertThrows(InvalidNotificationException.class, () -> tester.test(slack("/slack/x")));
    assertEquals(List.of("url"), e.field());
    assertTrue(servers.received().isEmpty());
  }
}
