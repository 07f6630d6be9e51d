package dev.keel.engine.runs;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The statuses of a run in Keel's run index, as the API reports them. A run is in flight while
 * {@code RUNNING} or {@code AWAITING_APPROVAL} (its workflow waits for a person's decision, stage
 * {@code approve}); every other status is where it ended. A client that waits for a run to end must
 * wait for an ended status, not for "not RUNNING".
 */
public enum RunStatus {
  RUNNING(false),
  AWAITING_APPROVAL(false),
  SUCCEEDED(true),
  REJECTED(true),
  ROLLED_BACK(true),
  FAILED(true),
  INTERRUPTED(true);

  /** The statuses of runs that have not ended, as the store spells them. */
  public static final List<String> IN_FLIGHT = List.of(RUNNING.name(), AWAITING_APPROVAL.name());

  private final boolean ended;

  RunStatus(boolean ended) {
    this.ended = ended;
  }

  /**
   * Whether a run with this status has ended (it never changes again, but for an interrupted run's
   * late outcome).
   */
  public boolean isTerminal() {
    return ended;
  }

  /** As {@link #isTerminal()}. */
  public boolean ended() {
    return ended;
  }

  /** Whether {@code status}, as stored or reported, is that of a run that has not ended. */
  public static boolean inFlight(String status) {
    return IN_FLIGHT.contains(status);
  }

  /** The status of this name; empty for anything else. */
  public static Optional<RunStatus> of(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
