package dev.keel.workflows.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * The statuses of a model version in the registry: {@code PASSED} its gates and awaits a decision,
 * then {@code APPROVED} (servable) or {@code REJECTED} (by its gates or a decision). A version
 * registered through MLflow is {@code REGISTERED} until a release imports it (then {@code PASSED}).
 * {@link RegisteredVersion} and the API carry them as their names.
 */
public enum VersionStatus {
  PASSED(false),
  APPROVED(true),
  REJECTED(true),
  REGISTERED(false);

  private final boolean terminal;

  VersionStatus(boolean terminal) {
    this.terminal = terminal;
  }

  /** Whether a version with this status has been decided (it never changes again). */
  public boolean isTerminal() {
    return terminal;
  }

  /** Whether {@code status}, as stored or reported, is that of a version that awaits a decision. */
  public static boolean awaitsDecision(String status) {
    return of(status).filter(s -> s == PASSED).isPresent();
  }

  /** The status of this name; empty for anything else. */
  public static Optional<VersionStatus> of(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
