package ai.torale.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAdviceTest {
  @Test
  void rateLimitsAndOverloadBackOffFromThirtySecondsToAnHour() {
    ProviderException limited = new ProviderException(ProviderFailure.RATE_LIMITED, "m");
    assertEquals(Duration.ofSeconds(30), RetryAdvice.delayAfter(limited, 1));
    assertEquals(Duration.ofMinutes(2), RetryAdvice.delayAfter(limited, 2));
    assertEquals(Duration.ofMinutes(32), RetryAdvice.delayAfter(limited, 4));
    assertEquals(Duration.ofHours(1), RetryAdvice.delayAfter(limited, 5));
    assertEquals(
        Duration.ofSeconds(30),
        RetryAdvice.delayAfter(new ProviderException(ProviderFailure.OVERLOADED, "m"), 1));
  }

  @Test
  void timeoutsAndNetworkErrorsRetrySoon() {
    assertEquals(
        Duration.ofSeconds(2),
        RetryAdvice.delayAfter(new ProviderException(ProviderFailure.TIMEOUT, "m"), 1));
    assertEquals(
        Duration.ofSeconds(8),
        RetryAdvice.delayAfter(new ProviderException(ProviderFailure.NETWORK, "m"), 2));
  }

  @Test
  void aLongerProviderHintWins() {
    ProviderException hinted =
        new ProviderException(ProviderFailure.RATE_LIMITED, "m", null, Duration.ofMinutes(5));
    assertEquals(Duration.ofMinutes(5), RetryAdvice.delayAfter(hinted, 1));
  }
}
