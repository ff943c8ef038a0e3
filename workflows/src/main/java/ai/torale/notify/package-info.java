/**
 * Notifications: the Deliver activity ({@link ai.torale.notify.NotifyActivitiesImpl}) with its
 * webhook and email channels, the SSRF guard, the channel validator, secrets and the webhook test.
 *
 * <p>The service provides one thing, {@link ai.torale.notify.DeliveryStore} (on PostgreSQL: the
 * tables {@code deliveries} and {@code delivery_attempts}), and builds everything else with {@link
 * ai.torale.notify.Notifications}.
 */
package ai.torale.notify;
