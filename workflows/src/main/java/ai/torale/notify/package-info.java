/**
 * Notifications: the Deliver activity ({@link ai.torale.notify.NotifyActivitiesImpl}) with its webhook and email
 * channels, the SSRF guard, the channel validator, secrets and the webhook test.
 *
 * <p>The service provides one thing, {@link ai.torale.notify.DeliveryStore}, and builds everything else with
 * {@link ai.torale.notify.Notifications}. It implements the store ({@code ai.torale.deliveries.PostgresDeliveryStore})
 * on two tables of {@code V3__deliveries.sql}:
 *
 * <pre>{@code
 * deliveries (id, claimed_until, delivered_at, created_at)   -- id: DeliveryKey.id(); one row per delivery
 * delivery_attempts (delivery_id, user_id, task_id, execution_id, event, channel, target, attempt,
 *                    status_code, error, result, created_at)  -- result: delivered | failed | retrying
 *                                                             --         | refused | rate_limited
 *
 * -- claim(key, now, until): one statement; no row back means delivered or claimed, a SELECT tells which.
 * INSERT INTO deliveries (id, claimed_until, created_at) VALUES (:id, :until, :now)
 * ON CONFLICT (id) DO UPDATE SET claimed_until = :until
 *   WHERE deliveries.delivered_at IS NULL
 *     AND (deliveries.claimed_until IS NULL OR deliveries.claimed_until <= :now)
 * RETURNING id;
 *
 * -- recordAttempt(a): in one transaction, the attempt, then the delivery's claim released (and marked
 * -- delivered for good by a delivered attempt).
 * INSERT INTO delivery_attempts (...) VALUES (...);
 * INSERT INTO deliveries (id, created_at, delivered_at) VALUES (:id, :at, <:at when delivered>)
 * ON CONFLICT (id) DO UPDATE SET claimed_until = NULL,
 *   delivered_at = COALESCE(deliveries.delivered_at, EXCLUDED.delivered_at);
 * }</pre>
 *
 * <p>The email limits ({@link ai.torale.notify.EmailRateLimit}) count delivered email attempts in
 * {@code delivery_attempts}; the webhook secret is read at delivery from the task's {@code notifications}.
 */
package ai.torale.notify;
