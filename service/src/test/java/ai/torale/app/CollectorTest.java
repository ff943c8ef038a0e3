package ai.torale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CollectorTest {

  @Test
  void theParallelCollectorNeedsNoAdvice() {
    assertEquals(Optional.empty(), Collector.advice(List.of("PS Scavenge", "PS MarkSweep")));
  }

  @Test
  void anyOtherCollectorIsToldTheFlag() {
    for (List<String> collectors :
        List.of(
            List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation"),
            List.of("Copy", "MarkSweepCompact"),
            List.of("ZGC Minor Cycles", "ZGC Major Cycles"))) {
      String advice = Collector.advice(collectors).orElseThrow();
      assertTrue(advice.contains(collectors.get(0)), advice);
      assertTrue(advice.contains("-XX:+UseParallelGC"), advice);
    }
  }

  @Test
  void theRunningJvmNamesItsCollectors() {
    assertFalse(Collector.running().isEmpty());
  }
}
