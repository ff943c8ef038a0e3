package ai.torale.notify;

/**
 * What the operator allows webhooks to reach ({@code TORALE_WEBHOOK_ALLOW_HTTP}, {@code
 * TORALE_WEBHOOK_ALLOW_PRIVATE}). Both stay off in production; local receivers need them.
 */
public record WebhookSettings(boolean allowHttp, boolean allowPrivate) {
  public static final WebhookSettings STRICT = new WebhookSettings(false, false);
}
