package ai.torale.search.searxng;

import ai.torale.search.Providers;
import ai.torale.search.http.Endpoint;
import ai.torale.search.http.ProviderHttp;
import ai.torale.search.openai.ChatCompletions;
import ai.torale.search.openai.OpenAi;
import java.time.Duration;

/**
 * Builds the self-hosted pair: SearXNG plus a Chat Completions server for both the answer and the
 * judgement.
 */
public final class Searxng {
  private Searxng() {}

  public static Providers providers(
      ProviderHttp http,
      Endpoint searxng,
      Endpoint chatServer,
      Duration searchTimeout,
      Duration evaluationTimeout) {
    ChatCompletions chat = OpenAi.chat(http, chatServer);
    return new Providers(
        "openai-compatible",
        new SearxngSearch(new SearxngClient(http, searxng), chat, searchTimeout),
        OpenAi.judge(chat, evaluationTimeout));
  }
}
