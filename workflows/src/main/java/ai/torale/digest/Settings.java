package ai.torale.digest;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reading and writing the wire values of delivery settings: "08:00", "monday", "Europe/Paris". */
public final class Settings {
  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private Settings() {}

  public static LocalTime time(String field, String value) throws InvalidSetting {
    if (value == null || !TIME.matcher(value).matches()) {
      throw new InvalidSetting(
          field, "Input should be a time of day as HH:mm (00:00 to 23:59)", "value_error");
    }
    return LocalTime.parse(value, HH_MM);
  }

  public static String time(LocalTime time) {
    return HH_MM.format(time);
  }

  public static ZoneId zone(String field, String value) throws InvalidSetting {
    try {
      if (value == null || value.isBlank()) {
        throw new DateTimeException("blank");
      }
      return ZoneId.of(value.strip());
    } catch (DateTimeException e) {
      throw new InvalidSetting(
          field, "Input should be an IANA time zone such as Europe/Paris or UTC", "value_error");
    }
  }

  public static DayOfWeek weekday(String field, String value) throws InvalidSetting {
    try {
      return DayOfWeek.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidSetting(
          field,
          "Input should be 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday' or 'sunday'",
          "enum");
    }
  }

  public static String weekday(DayOfWeek day) {
    return day.name().toLowerCase(Locale.ROOT);
  }
}
