package ai.torale.search;

/** Decides whether a task's condition holds, given what the grounded search found. */
public interface ConditionJudge {
  Judgement judge(JudgeRequest request) throws ProviderException;
}
