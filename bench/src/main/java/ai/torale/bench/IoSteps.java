package ai.torale.bench;

import ai.torale.search.http.ProviderHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * The I/O a check cannot do without, and nothing else: open reads the task and inserts its running
 * execution, then searches; search and evaluate each send a request the service sent the model in a
 * real check (its body and its API key) and read the whole reply, on the providers' HTTP client;
 * record stores the reply as the execution's result and moves the task on. No prompts, no parsing,
 * no mapping beyond a row to a map: with it, the bare workflow says what a check's work costs at
 * the least on the same server, the same database and the same mock.
 */
public final class IoSteps implements BareCheck.Steps {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Jdbi jdbi;
  private final HttpClient http;
  private final Replay search;
  private final Replay evaluate;

  /**
   * {@code searches} and {@code evaluations}: the requests the service sent the mock in a round,
   * replayed as they were (body and headers), each in turn, on {@code http}: one client for every
   * round, as the service keeps one.
   */
  IoSteps(
      Jdbi jdbi,
      HttpClient http,
      String baseUrl,
      List<GeminiMock.Call> searches,
      List<GeminiMock.Call> evaluations) {
    this.jdbi = jdbi;
    this.http = http;
    this.search = new Replay(baseUrl, searches);
    this.evaluate = new Replay(baseUrl, evaluations);
  }

  /**
   * Requests of one kind, handed out in turn: the service's differ in size from task to task (the
   * recent answers an evaluation carries), and the mock's work with them.
   */
  private static final class Replay {
    private final List<HttpRequest> requests;
    private final AtomicInteger next = new AtomicInteger();

    Replay(String baseUrl, List<GeminiMock.Call> calls) {
      if (calls.isEmpty()) {
        throw new IllegalArgumentException("no request to replay");
      }
      requests =
          calls.stream()
              .map(c -> {
                HttpRequest.Builder request =
                    ProviderHttp.postJson(baseUrl + c.path(), utf8(c.body()), TIMEOUT);
                if (c.apiKey() != null) {
                  request.header(GeminiMock.API_KEY, c.apiKey());
                }
                return request.build();
              })
              .toList();
    }

    HttpRequest next() {
      return requests.get(Math.floorMod(next.getAndIncrement(), requests.size()));
    }
  }

  HttpClient http() {
    return http;
  }

  HttpRequest searchRequest() {
    return search.next();
  }

  HttpRequest evaluateRequest() {
    return evaluate.next();
  }

  @Override
  public BareCheck.Opened open(String taskId) {
    return new BareCheck.Opened(begin(taskId), send(searchRequest()));
  }

  BareCheck.Begun begin(String taskId) {
    UUID task = UUID.fromString(taskId);
    UUID execution = UUID.randomUUID();
    jdbi.useHandle(h -> {
      h.createQuery("SELECT * FROM tasks WHERE id = :id").bind("id", task).mapToMap().one();
      h.createUpdate(
              "INSERT INTO executions (id, task_id, status, trigger, started_at, created_at) "
                  + "VALUES (:id, :task, 'running', 'scheduled', now(), now())")
          .bind("id", execution)
          .bind("task", task)
          .execute();
    });
    return new BareCheck.Begun(taskId, execution.toString(), System.currentTimeMillis());
  }

  @Override
  public String evaluate(String found) {
    return send(evaluateRequest());
  }

  @Override
  public void record(BareCheck.Begun begun, String verdict) {
    jdbi.useHandle(h -> {
      h.createUpdate(
              "UPDATE executions SET status = 'success', completed_at = now(), result = CAST(:result AS "
                  + "jsonb) WHERE id = :id")
          .bind("result", verdict)
          .bind("id", UUID.fromString(begun.executionId()))
          .execute();
      h.createUpdate(
              "UPDATE tasks SET last_execution_id = :execution, next_run = now() + interval '1 day' "
                  + "WHERE id = :id")
          .bind("execution", UUID.fromString(begun.executionId()))
          .bind("id", UUID.fromString(begun.taskId()))
          .execute();
    });
    BareCheck.DONE.add(new long[] {begun.beganAt(), System.currentTimeMillis()});
  }

  private static byte[] utf8(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /** The reply's bytes as they came, as the service reads them, as text for the next step. */
  private String send(HttpRequest request) {
    try {
      HttpResponse<byte[]> reply = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (reply.statusCode() != 200) {
        throw new IllegalStateException("the mock answered " + reply.statusCode());
      }
      return ProviderHttp.text(reply);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
