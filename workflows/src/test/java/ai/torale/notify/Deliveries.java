package ai.torale.notify;

import ai.torale.notify.NotifyActivities.Delivery;
import ai.torale.search.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sample deliveries as the monitor workflow builds them. */
final class Deliveries {
  static final UUID TASK = UUID.fromString("3f2b8c1e-0000-4000-8000-000000000001");
  static final UUID USER = UUID.fromString("3f2b8c1e-0000-4000-8000-0000000000aa");
  static final Instant COMPLETED = Instant.parse("2026-11-28T10:15:30Z");
  static final String SECRET = "whsec_test-secret-0123456789";
  static final Delivery.About ABOUT =
      new Delivery.About(
          TASK,
          USER,
          "iPhone 17 release",
          "When is the iPhone 17 released?",
          "Apple announced a release date");

  private Deliveries() {}

  static Delivery conditionMet(UUID executionId, NotificationChannel channel) {
    return Delivery.conditionMet(
        ABOUT,
        executionId,
        "Apple announced: **September 19**. <script>x()</script>",
        "The iPhone 17 ships on September 19.",
        List.of(
            new Source("https://www.apple.com/newsroom/", "Apple Newsroom"),
            new Source("https://example.com/a?b=1&c=2", "Example <b>bold</b>")),
        COMPLETED,
        Instant.parse("2026-11-29T10:00:00Z"),
        channel);
  }

  static Delivery failing(UUID executionId, NotificationChannel channel) {
    return Delivery.failing(
        ABOUT,
        executionId,
        "The search provider rejected the API key",
        COMPLETED,
        Instant.parse("2026-11-29T10:00:00Z"),
        channel);
  }

  static NotificationChannel webhook(String url) {
    return new NotificationChannel(
        NotificationChannel.WEBHOOK,
        null,
        url,
        "POST",
        Map.of("Authorization", "Bearer receiver-token"),
        SECRET);
  }
}
