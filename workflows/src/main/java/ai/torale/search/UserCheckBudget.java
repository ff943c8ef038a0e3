package ai.torale.search;

import java.util.UUID;

/**
 * Caps each user's checks per UTC day, beside the instance's {@link DailyCheckBudget}. It must
 * count where every worker sees the same count and a restart forgets nothing: the service
 * implements it on PostgreSQL.
 */
public interface UserCheckBudget {
  UserCheckBudget UNLIMITED = task -> {};

  /**
   * Takes one check from the day's budget of the task's owner, or fails with BUDGET_EXHAUSTED when
   * it is spent.
   */
  void spendOne(UUID taskId) throws ProviderException;
}
