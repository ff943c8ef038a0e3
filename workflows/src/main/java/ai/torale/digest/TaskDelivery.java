package ai.torale.digest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * A task's {@code delivery} as the API and {@code tasks.delivery} hold it: {@code
 * {"mode":"immediate"}} or {@code
 * {"mode":"digest","schedule":"daily"|"weekly","at":"08:00","weekday":"monday","timezone":"Europe/Paris"}}
 * (weekday only for weekly). Built only by {@link #parse}, so a stored one is valid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskDelivery(
    String mode, String schedule, String at, String weekday, String timezone) {
  public static final String IMMEDIATE = "immediate";
  public static final String DIGEST = "digest";
  public static final TaskDelivery IMMEDIATELY =
      new TaskDelivery(IMMEDIATE, null, null, null, null);
  static final List<String> MODES = List.of(IMMEDIATE, DIGEST);
  static final List<String> SCHEDULES = List.of("daily", "weekly");

  /**
   * Validates and normalises what a client sent: omitted {@code schedule} is daily, {@code at}
   * 08:00, {@code weekday} monday, {@code timezone} UTC, as a digest reader would expect; the
   * digest fields of an immediate task are dropped.
   */
  public static TaskDelivery parse(
      String mode, String schedule, String at, String weekday, String timezone)
      throws InvalidSetting {
    String m = mode == null ? DIGEST : mode.strip().toLowerCase(Locale.ROOT);
    if (!MODES.contains(m)) {
      throw new InvalidSetting("mode", "Input should be 'immediate' or 'digest'", "enum");
    }
    if (m.equals(IMMEDIATE)) {
      return IMMEDIATELY;
    }
    String s = schedule == null ? "daily" : schedule.strip().toLowerCase(Locale.ROOT);
    if (!SCHEDULES.contains(s)) {
      throw new InvalidSetting("schedule", "Input should be 'daily' or 'weekly'", "enum");
    }
    String time = Settings.time(Settings.time("at", at == null ? "08:00" : at.strip()));
    String day =
        s.equals("weekly")
            ? Settings.weekday(Settings.weekday("weekday", weekday == null ? "monday" : weekday))
            : null;
    if (s.equals("daily") && weekday != null) {
      Settings.weekday("weekday", weekday); // still refuse nonsense, but a daily digest has none
    }
    String zone = Settings.zone("timezone", timezone == null ? "UTC" : timezone).getId();
    return new TaskDelivery(DIGEST, s, time, day, zone);
  }

  @JsonIgnore
  public boolean isDigest() {
    return DIGEST.equals(mode);
  }

  /** The digest schedule; null for immediate delivery. */
  public DeliverySchedule digestSchedule() {
    if (!isDigest()) {
      return null;
    }
    try {
      boolean weekly = "weekly".equals(schedule);
      return new DeliverySchedule(
          weekly ? DeliverySchedule.Cadence.WEEKLY : DeliverySchedule.Cadence.DAILY,
          Settings.time("at", at),
          weekly ? Settings.weekday("weekday", weekday) : null,
          Settings.zone("timezone", timezone));
    } catch (InvalidSetting e) {
      throw new IllegalStateException("a stored delivery setting does not parse", e);
    }
  }
}
