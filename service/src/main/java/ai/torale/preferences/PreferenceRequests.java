package ai.torale.preferences;

import ai.torale.digest.InvalidSetting;
import ai.torale.digest.Settings;
import ai.torale.errors.FieldError;
import ai.torale.errors.Fields;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The body of {@code PUT /api/v1/auth/me/preferences}: each field it names replaces the stored one
 * (an absent field stays as it was; {@code "quiet_hours": null} turns quiet hours off). Errors are
 * 422 with {@code loc: ["body","quiet_hours",<field>]} or {@code ["body","urgent_failures"]}.
 */
final class PreferenceRequests {
  private PreferenceRequests() {}

  static StoredPreferences apply(JsonNode body, StoredPreferences current) {
    Fields f = Fields.body(body);
    Boolean urgent = f.bool("urgent_failures", false);
    JsonNode quiet = f.node("quiet_hours");
    StoredPreferences.QuietHoursView hours = current.quietHours();
    if (quiet != null) {
      hours = quiet.isNull() ? null : quietHours(f, quiet);
    }
    f.check();
    return new StoredPreferences(hours, urgent == null ? current.urgentFailures() : urgent);
  }

  private static StoredPreferences.QuietHoursView quietHours(Fields f, JsonNode node) {
    if (!node.isObject()) {
      f.add(
          FieldError.of("body", "quiet_hours", "Input should be a valid dictionary", "dict_type"));
      return null;
    }
    try {
      LocalTime from = Settings.time("from", text(node, "from"));
      LocalTime to = Settings.time("to", text(node, "to"));
      String zone = text(node, "timezone");
      ZoneId timezone = Settings.zone("timezone", zone == null ? "UTC" : zone);
      if (from.equals(to)) {
        throw new InvalidSetting(
            "to", "Quiet hours should end at another time than they start", "value_error");
      }
      return new StoredPreferences.QuietHoursView(
          Settings.time(from), Settings.time(to), timezone.getId());
    } catch (InvalidSetting e) {
      f.add(new FieldError(List.of("body", "quiet_hours", e.field()), e.getMessage(), e.type()));
      return null;
    }
  }

  /** The field's text; a missing {@code from} or {@code to} is refused by the time parser. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? null : value.textValue();
  }
}
