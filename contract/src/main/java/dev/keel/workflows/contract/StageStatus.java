package dev.keel.workflows.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * The statuses of a run's stage. {@link StageRecord} carries them as their names (the API's and the
 * stored spelling), so that a status added later still deserialises in a worker or engine that does
 * not know it yet.
 */
public enum StageStatus {
  PENDING(false),
  RUNNING(false),
  SUCCEEDED(true),
  FAILED(true),
  SKIPPED(true),
  /** Ended with an earlier identical result reused from the step cache. */
  CACHED(true);

  private final boolean terminal;

  StageStatus(boolean terminal) {
    this.terminal = terminal;
  }

  /** Whether a stage with this status has ended (it will not run, or run again, in this run). */
  public boolean isTerminal() {
    return terminal;
  }

  /** The status of this name; empty for anything else. */
  public static Optional<StageStatus> of(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
