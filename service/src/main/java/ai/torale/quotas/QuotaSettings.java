package ai.torale.quotas;

/** Per-user limits; 0 is unlimited for each. */
public record QuotaSettings(
    int tasks,
    int activeTasks,
    int apiKeys,
    int manualRunsPerHour,
    int webhookTestsPerMinute,
    int dailyChecks) {}
