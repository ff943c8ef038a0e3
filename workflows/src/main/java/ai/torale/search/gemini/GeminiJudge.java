package ai.torale.search.gemini;

import ai.torale.search.ConditionJudge;
import ai.torale.search.JudgeRequest;
import ai.torale.search.Judgement;
import ai.torale.search.ProviderException;
import ai.torale.search.judge.JudgementRules;
import ai.torale.search.judge.JudgementSchema;
import ai.torale.search.prompt.JudgePrompt;
import java.time.Duration;

/**
 * Evaluation with Gemini: no tools, JSON output under a schema. It is a separate call from the
 * search because Gemini 2.x rejects a search tool together with a JSON response type.
 */
public final class GeminiJudge implements ConditionJudge {
  private final GeminiClient client;
  private final Duration timeout;

  GeminiJudge(GeminiClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public Judgement judge(JudgeRequest request) throws ProviderException {
    byte[] body =
        GeminiClient.body(
            JudgePrompt.instructions(request),
            JudgePrompt.data(request),
            json -> {
              json.writeObjectFieldStart("generationConfig");
              json.writeStringField("responseMimeType", "application/json");
              json.writeFieldName("responseJsonSchema");
              json.writeRawValue(JudgementSchema.text());
              json.writeEndObject();
            });

    GeminiReply reply = client.generate(body, timeout);
    return JudgementRules.parse(
        reply.text(),
        request.found(),
        "Gemini",
        reply.modelVersion(client.endpoint().model()),
        reply.usage());
  }
}
