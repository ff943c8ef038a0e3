package ai.torale.bench;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.WorkflowClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;

/**
 * {@link IoSteps} with asynchronous activity completion for the two model requests: the activity
 * sends its request without waiting, returns at once (which frees its slot and its thread) and the
 * reply completes it through the activity completion client, from a virtual thread (the call is a
 * blocking gRPC request). The prototype the latency scenario measures against virtual threads:
 * nothing bounds the calls in flight here, and a failed request fails the activity without the
 * classification the service's providers give it.
 */
final class AsyncIoSteps implements BareCheck.Steps {
  private final IoSteps io;
  private final ActivityCompletionClient completions;

  AsyncIoSteps(IoSteps io, WorkflowClient temporal) {
    this.io = io;
    this.completions = temporal.newActivityCompletionClient();
  }

  @Override
  public BareCheck.Opened open(String taskId) {
    BareCheck.Begun begun = io.begin(taskId);
    sendLater(io.searchRequest(), found -> new BareCheck.Opened(begun, found));
    return null;
  }

  @Override
  public String evaluate(String found) {
    sendLater(io.evaluateRequest(), verdict -> verdict);
    return null;
  }

  @Override
  public void record(BareCheck.Begun begun, String verdict) {
    io.record(begun, verdict);
  }

  /** Completes the activity later with {@code result} of the reply's body. */
  private void sendLater(HttpRequest request, Function<String, Object> result) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    byte[] token = context.getTaskToken();
    context.doNotCompleteOnReturn();
    io.http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete((reply, failure) ->
            Thread.startVirtualThread(() -> {
              if (failure != null) {
                completions.completeExceptionally(token, new RuntimeException(failure));
              } else if (reply.statusCode() != 200) {
                completions.completeExceptionally(
                    token, new IllegalStateException("the mock answered " + reply.statusCode()));
              } else {
                completions.complete(token, result.apply(reply.body()));
              }
            }));
  }
}
