package ai.torale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigVariablesTest {
  private final ConfigVariables variables =
      new ConfigVariables(Map.of("EMPTY", "", "SET", "postgres://db", "BLANK", " ")::get);

  @Test
  void anEmptyVariableTakesTheDefaultAsInAShell() {
    assertEquals("url: embedded", variables.replace("url: ${EMPTY:-embedded}"));
    assertEquals("url: embedded", variables.replace("url: ${UNSET:-embedded}"));
  }

  @Test
  void aSetVariableWinsAndOneWithoutDefaultStaysAsGiven() {
    assertEquals("url: postgres://db", variables.replace("url: ${SET:-embedded}"));
    assertEquals("url:  ", variables.replace("url: ${BLANK:-embedded}"));
    assertEquals("key: ", variables.replace("key: ${EMPTY:-}"));
  }
}
