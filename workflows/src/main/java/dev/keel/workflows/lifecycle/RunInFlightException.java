package dev.keel.workflows.lifecycle;

/**
 * Why {@link ModelLifecycle#startRun} refused: another run of the model is in flight (the message
 * names it). Its class name is the failure type the caller sees.
 */
public final class RunInFlightException extends IllegalStateException {
  public RunInFlightException(String message) {
    super(message);
  }
}
