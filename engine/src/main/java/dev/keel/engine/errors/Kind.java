package dev.keel.engine.errors;

import java.util.Optional;

/**
 * What kind of refusal a {@link DomainException} is. Each edge maps a kind once: to an HTTP status
 * in {@code api.ErrorMappers}, to an MLflow error code in {@code mlflow.MlflowErrors}, and to the
 * type of a non-retryable Temporal failure ({@link #failureType()}) in activities, which the API
 * reads back with {@link #ofFailureType}.
 */
public enum Kind {
  /** The thing asked for does not exist. */
  NOT_FOUND("KeelNotFound", 404),
  /** The request does not fit the current state (already exists, in flight, wrong status). */
  CONFLICT("KeelConflict", 409),
  /** The request itself is malformed or out of range. */
  INVALID_INPUT("KeelInvalidInput", 400),
  /** Something the engine depends on did not answer; asking again later may succeed. */
  UNAVAILABLE("KeelUnavailable", 503),
  /** The thing existed and was removed for good (an erased dataset version). */
  GONE("KeelGone", 410),
  /** The caller may not do this (separation of duties). */
  FORBIDDEN("KeelForbidden", 403),
  /** The request is larger than a limit. */
  TOO_LARGE("KeelTooLarge", 413);

  /**
   * Prefix of the failure types that activities wrote before kinds existed, {@code
   * KeelInvalidInput.<HTTP status>}; recorded histories and running workflows may still carry them.
   */
  static final String LEGACY_PREFIX = "KeelInvalidInput.";

  private final String failureType;
  private final int legacyStatus;

  Kind(String failureType, int legacyStatus) {
    this.failureType = failureType;
    this.legacyStatus = legacyStatus;
  }

  /**
   * The type of the non-retryable {@code ApplicationFailure} an activity fails with for this kind.
   */
  public String failureType() {
    return failureType;
  }

  /**
   * The kind a failure type names: one of {@link #failureType()}, or a legacy {@code
   * KeelInvalidInput.<status>} (an unknown status there is {@link #CONFLICT}, as it was read
   * before); empty for any other type.
   */
  public static Optional<Kind> ofFailureType(String type) {
    if (type == null) {
      return Optional.empty();
    }
    for (Kind k : values()) {
      if (k.failureType.equals(type)) {
        return Optional.of(k);
      }
    }
    if (type.startsWith(LEGACY_PREFIX)) {
      int status;
      try {
        status = Integer.parseInt(type.substring(LEGACY_PREFIX.length()));
      } catch (NumberFormatException e) {
        return Optional.of(CONFLICT);
      }
      for (Kind k : values()) {
        if (k.legacyStatus == status) {
          return Optional.of(k);
        }
      }
      return Optional.of(CONFLICT);
    }
    return Optional.empty();
  }
}
