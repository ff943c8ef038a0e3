package ai.torale.tasks;

import ai.torale.digest.InvalidSetting;
import ai.torale.digest.TaskDelivery;
import ai.torale.errors.FieldError;
import ai.torale.errors.Fields;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A body's {@code delivery}: absent leaves the task's as it is (a new task's is immediate), null
 * makes it immediate, an object is validated field by field; errors are 422 with {@code loc:
 * ["body","delivery",<field>]}.
 */
final class DeliveryRules {
  private static final List<String> FIELDS =
      List.of("mode", "schedule", "at", "weekday", "timezone");

  private DeliveryRules() {}

  /** The validated setting; null when the body does not name one (or it was refused). */
  static TaskDelivery parse(Fields f) {
    JsonNode node = f.node("delivery");
    if (node == null) {
      return null;
    }
    if (node.isNull()) {
      return TaskDelivery.IMMEDIATELY;
    }
    if (!node.isObject()) {
      f.add(FieldError.of("body", "delivery", "Input should be a valid dictionary", "dict_type"));
      return null;
    }
    String[] values = new String[FIELDS.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode value = node.get(FIELDS.get(i));
      if (value != null && !value.isNull() && !value.isTextual()) {
        f.add(error(FIELDS.get(i), "Input should be a valid string", "string_type"));
        return null;
      }
      values[i] = value == null || value.isNull() ? null : value.textValue();
    }
    try {
      return TaskDelivery.parse(values[0], values[1], values[2], values[3], values[4]);
    } catch (InvalidSetting e) {
      f.add(error(e.field(), e.getMessage(), e.type()));
      return null;
    }
  }

  private static FieldError error(String field, String msg, String type) {
    return new FieldError(List.of("body", "delivery", field), msg, type);
  }
}
