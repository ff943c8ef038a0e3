package ai.torale.bench;

import ai.torale.search.http.ProviderHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The I/O a check cannot do without, and nothing else: open reads the task and inserts its running
 * execution, then searches; search and evaluate each send the body the service sent the model in a
 * real check and read the whole reply, on the providers' HTTP client; record stores the reply as
 * the execution's result and moves the task on. No prompts, no parsing, no mapping beyond a row to
 * a map: with it, the bare workflow says what a check's work costs at the least on the same server,
 * the same database and the same mock.
 */
public final class IoSteps implements BareCheck.Steps {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Jdbi jdbi;
  private final HttpClient http;
  private final HttpRequest search;
  private final HttpRequest evaluate;

  /**
   * {@code search} and {@code evaluate}: requests the service sent the mock, replayed as they were,
   * on {@code http}: one client for every round, as the service keeps one.
   */
  IoSteps(
      Jdbi jdbi,
      HttpClient http,
      String baseUrl,
      GeminiMock.Call search,
      GeminiMock.Call evaluate) {
    this.jdbi = jdbi;
    this.http = http;
    this.search =
        ProviderHttp.postJson(baseUrl + search.path(), utf8(search.body()), TIMEOUT).build();
    this.evaluate =
        ProviderHttp.postJson(baseUrl + evaluate.path(), utf8(evaluate.body()), TIMEOUT).build();
  }

  HttpClient http() {
    return http;
  }

  HttpRequest searchRequest() {
    return search;
  }

  HttpRequest evaluateRequest() {
    return evaluate;
  }

  @Override
  public BareCheck.Opened open(String taskId) {
    return new BareCheck.Opened(begin(taskId), send(search));
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
    return send(evaluate);
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
