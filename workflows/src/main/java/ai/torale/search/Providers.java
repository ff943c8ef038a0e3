package ai.torale.search;

/** The pair of capabilities a check needs, from whichever provider the operator configured. */
public record Providers(String name, GroundedSearch search, ConditionJudge judge) {

  /**
   * What a service without a usable provider does: every check fails with a message that says why.
   */
  public static Providers unconfigured(String reason) {
    String message =
        reason == null || reason.isBlank()
            ? "No search provider configured"
            : "No search provider configured: " + reason;
    return new Providers(
        "none",
        request -> {
          throw new ProviderException(ProviderFailure.NOT_CONFIGURED, message);
        },
        request -> {
          throw new ProviderException(ProviderFailure.NOT_CONFIGURED, message);
        });
  }
}
