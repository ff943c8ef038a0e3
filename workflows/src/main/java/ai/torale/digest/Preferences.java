package ai.torale.digest;

/**
 * A user's delivery preferences: quiet hours (null: none) and whether {@code task.failing} alerts
 * go out during them.
 */
public record Preferences(QuietHours quietHours, boolean urgentFailures) {
  public static final Preferences NONE = new Preferences(null, false);
}
