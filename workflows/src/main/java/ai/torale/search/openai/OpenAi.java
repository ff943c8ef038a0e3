package ai.torale.search.openai;

import ai.torale.search.Providers;
import ai.torale.search.http.Endpoint;
import ai.torale.search.http.ProviderHttp;
import java.time.Duration;

/**
 * Builds the OpenAI pair: Responses {@code web_search} for search, Chat Completions for the
 * judgement.
 */
public final class OpenAi {
  private OpenAi() {}

  public static Providers providers(
      ProviderHttp http, Endpoint endpoint, Duration searchTimeout, Duration evaluationTimeout) {
    OpenAiClient client = new OpenAiClient(http, endpoint);
    return new Providers(
        "openai",
        new ResponsesSearch(client, searchTimeout),
        new ChatCompletionsJudge(new ChatCompletions(client), evaluationTimeout));
  }

  /**
   * Chat Completions on any compatible server, for callers that bring their own search (SearXNG).
   */
  public static ChatCompletions chat(ProviderHttp http, Endpoint endpoint) {
    return new ChatCompletions(new OpenAiClient(http, endpoint));
  }

  public static ChatCompletionsJudge judge(ChatCompletions chat, Duration evaluationTimeout) {
    return new ChatCompletionsJudge(chat, evaluationTimeout);
  }
}
