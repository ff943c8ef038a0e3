package ai.torale.preferences;

import ai.torale.digest.InvalidSetting;
import ai.torale.digest.Preferences;
import ai.torale.digest.QuietHours;
import ai.torale.digest.Settings;

/**
 * A user's preferences as stored and served: {@code {"quiet_hours": {"from": "22:00", "to":
 * "07:00", "timezone": "Europe/Paris"} | null, "urgent_failures": false}}.
 */
public record StoredPreferences(QuietHoursView quietHours, boolean urgentFailures) {
  public static final StoredPreferences NONE = new StoredPreferences(null, false);

  /** Quiet hours on the wire. */
  public record QuietHoursView(String from, String to, String timezone) {}

  /** The policy's form; stored values were validated when they were saved. */
  public Preferences policy() {
    if (quietHours == null) {
      return new Preferences(null, urgentFailures);
    }
    try {
      return new Preferences(
          new QuietHours(
              Settings.time("from", quietHours.from()),
              Settings.time("to", quietHours.to()),
              Settings.zone("timezone", quietHours.timezone())),
          urgentFailures);
    } catch (InvalidSetting e) {
      throw new IllegalStateException("stored quiet hours do not parse", e);
    }
  }
}
