package ai.torale.monitor;

/**
 * A run-now the monitor refuses: a check is in flight and the run is not forced. The update
 * validator throws it; Temporal hands the rejection to the caller as a failure whose type is this
 * class's name ({@link #TYPE}).
 */
public final class CheckAlreadyRunning extends RuntimeException {
  /** The failure type a caller of the update sees. */
  public static final String TYPE = CheckAlreadyRunning.class.getName();

  public CheckAlreadyRunning() {
    super(MonitorWorkflow.ALREADY_RUNNING);
  }
}
