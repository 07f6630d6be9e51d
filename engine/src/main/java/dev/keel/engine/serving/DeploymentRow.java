package dev.keel.engine.serving;

import java.time.OffsetDateTime;

/** A row of {@code deployments}: one change of what a model serves. */
public record DeploymentRow(
    long id,
    String model,
    int version,
    String kind,
    Integer canaryVersion,
    double canaryShare,
    String actor,
    String reason,
    OffsetDateTime createdAt) {

  public static final String DEPLOY = "deploy";
  public static final String ROLLBACK = "rollback";
  public static final String CANARY_START = "canary-start";
  public static final String CANARY_PROMOTE = "canary-promote";
  public static final String CANARY_ABORT = "canary-abort";
  public static final String SHADOW_START = "shadow-start";
  public static final String SHADOW_STOP = "shadow-stop";

  /** Whether this change set the served (champion) version. */
  boolean setsChampion() {
    return DEPLOY.equals(kind) || ROLLBACK.equals(kind) || CANARY_PROMOTE.equals(kind);
  }
}
