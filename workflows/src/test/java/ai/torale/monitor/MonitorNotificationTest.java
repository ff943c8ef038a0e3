package ai.torale.monitor;

import static ai.torale.monitor.ScriptedSearch.inADay;
import static ai.torale.monitor.ScriptedSearch.met;
import static ai.torale.monitor.ScriptedSearch.notMet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.torale.monitor.InMemoryMonitorStore.Execution;
import ai.torale.notify.NotificationChannel;
import ai.torale.notify.NotificationEvent;
import ai.torale.notify.NotifyActivities;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The owner hears of each piece of news once, on every channel, and never of the same answer twice.
 */
class MonitorNotificationTest {
  private final MonitorHarness harness =
      new MonitorHarness(MonitorHarness.EMAIL, MonitorHarness.WEBHOOK);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void eachNewAnswerIsDeliveredOncePerChannel() {
    harness.search.onJudge((check, request) ->
        switch (check) {
          case 1 ->
              met("Rust 2.0 is planned for 1 May 2026.", "Rust 2.0 has a date", inADay(request));
          // The same answer in other words' clothing: case, spacing and punctuation differ.
          case 2 ->
              met("rust 2.0 is planned for  1 May 2026", "Rust 2.0 has a date!", inADay(request));
          case 3 -> met("Rust 2.0 is planned for 1 May 2026; no change", null, inADay(request));
          case 4 -> notMet("No news today", inADay(request));
          default -> met("Rust 2.0 slips to 8 May 2026.", "Rust 2.0 slips a week", inADay(request));
        });
    harness.start(Duration.ofSeconds(30));

    harness.sleep(Duration.ofDays(4).plus(Duration.ofHours(12)));

    List<Execution> executions = harness.store.executions();
    assertEquals(5, executions.size());
    List<NotifyActivities.Delivery> deliveries = harness.notifier.deliveries();
    assertEquals(4, deliveries.size(), "two pieces of news on two channels");
    assertTrue(
        deliveries.stream().allMatch(d -> d.event().equals(NotificationEvent.CONDITION_MET)));
    for (Execution news : List.of(executions.get(0), executions.get(4))) {
      List<NotifyActivities.Delivery> sent = harness.notifier.deliveriesFor(news.id());
      assertEquals(
          Set.of(NotificationChannel.EMAIL, NotificationChannel.WEBHOOK),
          sent.stream().map(d -> d.channel().type()).collect(Collectors.toSet()),
          "one delivery per channel");
      assertEquals(news.result().notification(), sent.get(0).notification());
      assertTrue(news.notified(), "the execution records that it notified");
    }
    assertEquals(
        List.of(true, false, false, false, true),
        executions.stream().map(Execution::notified).toList());
  }
}
