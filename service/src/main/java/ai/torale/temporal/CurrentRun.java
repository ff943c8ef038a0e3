package ai.torale.temporal;

import ai.torale.errors.Causes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Calls addressed by workflow id, which reach the run that is current when the server looks. A run
 * that continues as new just then answers "not found" while its successor already runs (the server
 * has started it by then), so "not found" is asked once more before it stands: taken at its word, a
 * "complete" was dropped while the next run kept checking a completed task, and a wake or a pause
 * failed that would have passed.
 */
final class CurrentRun {
  private CurrentRun() {}

  static <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (RuntimeException e) {
      if (!notFound(e)) {
        throw e;
      }
      return rpc.get();
    }
  }

  /** The server found no such workflow, or no open run of it. */
  static boolean notFound(Throwable e) {
    return e instanceof WorkflowNotFoundException
        || statusOf(e).map(s -> s.getCode() == Status.Code.NOT_FOUND).orElse(false)
        || e.getCause() != null
            && e.getCause() != e
            && e.getCause() instanceof WorkflowNotFoundException;
  }

  /** The gRPC status the failure carries, when it came from the server. */
  static Optional<Status> statusOf(Throwable e) {
    return Causes.first(e, t -> t instanceof StatusRuntimeException)
        .map(t -> ((StatusRuntimeException) t).getStatus());
  }
}
