package ai.torale.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt to deliver a notification, as recorded for the owner. {@code statusCode} is the HTTP
 * status (or SMTP reply code) and null when no answer came; {@code error} is null on success and
 * never holds a secret.
 */
public record DeliveryAttempt(
    UUID deliveryId,
    UUID taskId,
    UUID userId,
    UUID executionId,
    String event,
    String channelType,
    String target,
    int attempt,
    Integer statusCode,
    String error,
    Instant at,
    DeliveryResult result) {}
