package ai.torale.digest;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.UUID;

/**
 * One workflow per user with held deliveries ({@code digest-<user uuid>}): it sleeps until the
 * earliest held delivery is due, gathers what is due into one digest per channel and delivers each
 * with the usual retries. It ends when the user has nothing held and nothing owed; a new held
 * delivery starts it again (signal-with-start of {@link #wake}).
 */
@WorkflowInterface
public interface DigestWorkflow {

  static String workflowId(UUID userId) {
    return "digest-" + userId;
  }

  @WorkflowMethod(name = "Digest")
  void run(UUID userId);

  /** Storage holds deliveries this workflow may not know of: look again. */
  @SignalMethod
  void wake();
}
