package ai.torale.bench;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.WorkflowClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
  public BareCheck.Begun begin(String taskId) {
    return io.begin(taskId);
  }

  @Override
  public String search(String query) {
    return sendLater(io.searchRequest());
  }

  @Override
  public String evaluate(String found) {
    return sendLater(io.evaluateRequest());
  }

  @Override
  public void record(BareCheck.Begun begun, String verdict) {
    io.record(begun, verdict);
  }

  private String sendLater(HttpRequest request) {
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
                completions.complete(token, reply.body());
              }
            }));
    return null;
  }
}
