/**
 * Notifications: the Deliver activity ({@link ai.torale.notify.NotifyActivitiesImpl}) with its webhook and email
 * channels, the SSRF guard, the channel validator, secrets and the webhook test.
 *
 * <p>The service provides one thing, {@link ai.torale.notify.DeliveryStore}, and builds everything else with
 * {@link ai.torale.notify.Notifications}. A PostgreSQL shape that meets the store's contract:
 *
 * <pre>{@code
 * CREATE TABLE notification_deliveries (
 *   id            uuid PRIMARY KEY,          -- DeliveryKey.id()
 *   execution_id  uuid NOT NULL,
 *   channel_type  text NOT NULL,
 *   target        text NOT NULL,
 *   event         text NOT NULL,
 *   delivered_at  timestamptz,               -- set once, by a DELIVERED attempt
 *   claimed_until timestamptz);
 * CREATE TABLE notification_attempts (
 *   delivery_id uuid NOT NULL REFERENCES notification_deliveries(id),
 *   task_id uuid NOT NULL, user_id uuid NOT NULL, execution_id uuid NOT NULL, event text NOT NULL,
 *   channel_type text NOT NULL, target text NOT NULL, attempt int NOT NULL,
 *   status_code int, error text, at timestamptz NOT NULL,
 *   result text NOT NULL);                   -- delivered | failed | retrying | refused | rate_limited
 * CREATE INDEX ON notification_attempts (lower(target), at) WHERE channel_type = 'email' AND result = 'delivered';
 * CREATE INDEX ON notification_attempts (user_id, at) WHERE channel_type = 'email' AND result = 'delivered';
 *
 * -- claim(key, now, until): one statement; no row back means delivered or claimed, a SELECT tells which.
 * INSERT INTO notification_deliveries (id, execution_id, channel_type, target, event, claimed_until)
 * VALUES (:id, :executionId, :channelType, :target, :event, :until)
 * ON CONFLICT (id) DO UPDATE SET claimed_until = :until
 *   WHERE notification_deliveries.delivered_at IS NULL
 *     AND (notification_deliveries.claimed_until IS NULL OR notification_deliveries.claimed_until <= :now)
 * RETURNING id;
 *
 * -- recordAttempt(a): in one transaction
 * INSERT INTO notification_attempts (...) VALUES (...);
 * UPDATE notification_deliveries SET claimed_until = NULL,
 *   delivered_at = CASE WHEN :result = 'delivered' THEN :at ELSE delivered_at END WHERE id = :deliveryId;
 * }</pre>
 */
package ai.torale.notify;
