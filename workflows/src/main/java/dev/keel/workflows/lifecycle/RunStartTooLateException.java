package dev.keel.workflows.lifecycle;

/**
 * Why {@link ModelLifecycle#startRun} refused: the request reached the lifecycle after its caller
 * had stopped waiting (a busy worker), so no run was started and the caller may ask again. Its
 * class name is the failure type the caller sees.
 */
public final class RunStartTooLateException extends IllegalStateException {
  public RunStartTooLateException(String message) {
    super(message);
  }
}
