package ai.torale.search.openai;

import ai.torale.search.ConditionJudge;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.ProviderException;
import ai.torale.search.http.Json;
import ai.torale.search.judge.JudgementRules;
import ai.torale.search.judge.JudgementSchema;
import ai.torale.search.prompt.JudgePrompt;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** Evaluation on Chat Completions with a strict {@code json_schema} response format. */
public final class ChatCompletionsJudge implements ConditionJudge {
  private final ChatCompletions chat;
  private final Duration timeout;

  ChatCompletionsJudge(ChatCompletions chat, Duration timeout) {
    this.chat = chat;
    this.timeout = timeout;
  }

  @Override
  public Judgement judge(JudgeRequest request) throws ProviderException {
    ObjectNode format = Json.object().put("type", "json_schema");
    format
        .putObject("json_schema")
        .put("name", JudgementSchema.NAME)
        .put("strict", true)
        .putRawValue("schema", JudgementSchema.json());
    ChatCompletions.Reply reply =
        chat.complete(
            JudgePrompt.instructions(request), JudgePrompt.data(request), format, timeout);
    return JudgementRules.parse(
        reply.content(), request.found(), chat.provider(), reply.model(), reply.usage());
  }
}
