package ai.torale.monitor;

import java.util.UUID;

/**
 * A manual check. The caller creates the execution id so the API can answer with the pending
 * execution at once. {@code force} cancels a check in flight; {@code suppressNotifications} sends
 * nothing whatever the outcome.
 */
public record RunNowRequest(UUID executionId, boolean force, boolean suppressNotifications) {}
